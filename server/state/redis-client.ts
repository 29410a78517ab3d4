import { Redis } from 'ioredis'
import { ApiError } from '../http/errors.js'

export interface RedisClientOptions {
  /** redis://[user:password@]host:port/db, or rediss:// for TLS. */
  url: string
  /** Longest wait for a connection or one command before answering 503. */
  timeoutMs: number
  /** Told once per outage and once per recovery, not per failed command. */
  onStatus?: (reachable: boolean, detail: string) => void
}

export const UNAVAILABLE_DETAIL = 'The shared state store (Redis) is unreachable; try again shortly.'

// Replies that mean "this Redis cannot serve right now" rather than a bug in a script.
const TRANSIENT_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/

/**
 * A client that fails fast instead of waiting: no offline queue, a timeout on every command,
 * no replay of commands that were in flight when the connection dropped (a replayed claim
 * could answer E937 to the request that made it). It reconnects on its own, forever.
 */
export function createRedisClient (options: RedisClientOptions): Redis {
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  })
  let reachable: boolean | undefined
  const report = (now: boolean, detail: string): void => {
    if (reachable !== now) options.onStatus?.(now, detail)
    reachable = now
  }
  client.on('ready', () => report(true, 'connected'))
  client.on('error', (error: Error) => report(false, error.message))
  client.on('end', () => report(false, 'connection closed'))
  return client
}

/** Resolves once the client is ready, or after the timeout; a Redis that is down is not a start-up failure. */
export async function connectWithin (client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'wait') client.connect().catch(() => {})
  if (client.status === 'ready') return
  await new Promise<void>((resolve) => {
    const done = (): void => { clearTimeout(timer); client.off('ready', done); resolve() }
    const timer = setTimeout(done, timeoutMs)
    client.once('ready', done)
  })
}

/** Turns an outage into the 503 envelope; a genuine script error stays an error (500). */
export function toStoreError (error: unknown): Error {
  if (error instanceof ApiError) return error
  const err = error as Error
  if (err?.name === 'ReplyError' && !TRANSIENT_REPLIES.test(err.message)) return err
  return new ApiError('SERVICE_UNAVAILABLE', UNAVAILABLE_DETAIL)
}

/** Runs one store operation, mapping any outage to the 503 envelope. */
export async function guarded<T> (operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw toStoreError(error)
  }
}

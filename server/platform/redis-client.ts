import { Redis } from 'ioredis'
import type { StoreWait } from './store-wait.js'
import { StoreError, UNAVAILABLE_DETAIL } from './store-error.js'

export interface RedisClientOptions {
  /** redis://[user:password@]host:port/db, or rediss:// for TLS. */
  url: string
  /** Longest wait for a connection before giving up on it (requests are bounded by createGuard). */
  timeoutMs: number
  /** Told once per outage and once per recovery, not per failed command. */
  onStatus?: (reachable: boolean, detail: string) => void
}

// Replies that mean "this Redis cannot serve right now" rather than a bug in a script.
const TRANSIENT_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/

/**
 * A client that fails fast instead of waiting: no offline queue, no replay of commands that
 * were in flight when the connection dropped (a replayed claim could answer E937 to the
 * request that made it). It reconnects on its own, forever. No per-command timeout: each
 * request has one wait for all its commands (createGuard).
 */
export function createRedisClient (options: RedisClientOptions): Redis {
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.timeoutMs,
    // A Redis that answers nothing for this long while commands wait (frozen, or a dead peer the
    // kernel still keeps) loses the connection: by then every request that sent them has had its
    // 503, and holding commands for it would let memory grow with every request until it wakes.
    socketTimeout: options.timeoutMs * 2,
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

/**
 * Resolves once the client is ready, or after the timeout; a Redis that is down is not a start-up
 * failure. Resolves with the first error `fatal` picks, at once, when one comes first.
 */
export async function connectWithin (client: Redis, timeoutMs: number, fatal: (error: Error) => boolean = () => false): Promise<Error | undefined> {
  if (client.status === 'wait') client.connect().catch(() => {})
  if (client.status === 'ready') return undefined
  return new Promise<Error | undefined>((resolve) => {
    const done = (error?: Error): void => { clearTimeout(timer); client.off('ready', ready); client.off('error', failed); resolve(error) }
    const ready = (): void => done()
    const failed = (error: Error): void => { if (fatal(error)) done(error) }
    const timer = setTimeout(done, timeoutMs)
    client.once('ready', ready)
    client.on('error', failed)
  })
}

// Node's codes for a TLS certificate it does not trust (tls.TLSSocket's authorizationError).
const CERTIFICATE_REFUSED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/

/** Whether the connection failed because the server's TLS certificate was not trusted. */
export function isCertificateRefused (error: Error): boolean {
  return CERTIFICATE_REFUSED.test((error as NodeJS.ErrnoException).code ?? '')
}

/** A genuine error of a script or command (a bug), as opposed to an outage. */
export function isScriptError (error: unknown): boolean {
  const err = error as Error
  return err?.name === 'ReplyError' && !TRANSIENT_REPLIES.test(err.message)
}

/**
 * Turns an outage into the 503 envelope; a genuine script error stays an error (500), and so does
 * an answer the caller already chose (`isAnswer`).
 */
function toStoreError (error: unknown, isAnswer: (error: unknown) => boolean): Error {
  if (error instanceof StoreError || isAnswer(error)) return error as Error
  return isScriptError(error) ? error as Error : storeUnavailable()
}

/** What a request gets from a Redis that did not answer in time: the 503 envelope. */
export function storeUnavailable (): StoreError {
  return new StoreError('timeout', UNAVAILABLE_DETAIL)
}

/**
 * Settles as `pending` does, or rejects with the 503 envelope once `deadline` (a
 * performance.now() moment) passes. What was sent stays sent: Redis may still run it later,
 * which is why the scripts that change accounts check the deadline themselves.
 */
export function beforeDeadline<T> (pending: Promise<T>, deadline: number): Promise<T> {
  const left = deadline - performance.now()
  if (left <= 0) {
    pending.catch(() => {})
    return Promise.reject(storeUnavailable())
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(storeUnavailable()), left)
    pending.then(
      (value) => { clearTimeout(timer); resolve(value) },
      (error: unknown) => { clearTimeout(timer); reject(error as Error) },
    )
  })
}

/**
 * Runs one store operation within what is left of the request's wait (the whole timeout for a
 * call made outside a request), maps any outage to the 503 envelope and charges the request for
 * the time it waited. The operation gets its deadline, on performance.now()'s clock.
 */
export type Guard = <T>(operation: (deadline: number) => Promise<T>, wait?: StoreWait) => Promise<T>

export function createGuard (timeoutMs: number, isAnswer: (error: unknown) => boolean = () => false): Guard {
  return async (operation, wait) => {
    const started = performance.now()
    const deadline = started + timeoutMs - (wait?.spentMs ?? 0)
    try {
      if (deadline <= started) throw storeUnavailable()
      return await beforeDeadline(operation(deadline), deadline)
    } catch (error) {
      throw toStoreError(error, isAnswer)
    } finally {
      if (wait !== undefined) wait.spentMs += performance.now() - started
    }
  }
}

import type { Redis } from 'ioredis'
import type { Activation } from '../activation/activation-factory.js'
import { DEFAULT_JOURNAL_CAPACITY } from '../journal/journal.js'
import type { MockState, NamespaceState } from './mock-state.js'
import { DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_TIMEOUT_MS } from './redis-settings.js'
import { createRedisNamespaceIndex, namespacePrefix } from './namespaces-redis.js'
import { createRedisFaultStore } from '../faults/fault-store-redis.js'
import { createRedisJournal } from '../journal/journal-redis.js'
import { createRedisKeyRegistry } from '../api-keys/key-registry-redis.js'
import { ApiError } from '../http/errors.js'
import { ConfigError } from '../platform/settings.js'
import { beforeDeadline, connectWithin, createGuard, createRedisClient, isCertificateRefused } from '../platform/redis-client.js'
import { UNAVAILABLE_DETAIL } from '../platform/store-error.js'
import { createStateEpoch, STATE_LOST_DETAIL } from './redis-epoch.js'
import { createRedisClock } from '../platform/redis-clock.js'
import { defineScripts } from '../platform/redis-scripts.js'
import { ACCOUNT_SCRIPTS } from '../accounts/account-scripts.js'
import { FAULT_SCRIPTS } from '../faults/fault-scripts.js'
import { JOURNAL_SCRIPTS } from '../journal/journal-scripts.js'
import { KEY_SCRIPTS } from '../api-keys/key-scripts.js'
import { createRedisAccountStore } from '../accounts/account-store-redis.js'
import { createClaimReleases } from '../accounts/claim-releases.js'

export interface RedisStateOptions {
  /** redis://host:port/db */
  url: string
  /** Key prefix shared by the replicas of one mock; another prefix is another mock. */
  prefix?: string
  /** Longest a request waits for Redis, over all its commands, before it gets 503. */
  timeoutMs?: number
  journalCapacity?: number
  /** Told when Redis goes away and when it comes back. */
  onStatus?: (reachable: boolean, detail: string) => void
}

/**
 * Why this Redis could lose claims by itself, or undefined: with maxmemory set, an allkeys-* policy
 * evicts any key, a claimed account's too, which would then answer I102 again. (The mock sets no
 * expiry, so volatile-* policies never evict its keys; noeviction refuses writes, answered 503.)
 */
async function evictionRisk (client: Redis): Promise<string | undefined> {
  const info = await client.info('memory')
  const maxmemory = Number(/^maxmemory:(\d+)/m.exec(info)?.[1] ?? 0)
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? 'noeviction'
  if (maxmemory === 0 || !policy.startsWith('allkeys-')) return undefined
  return `has maxmemory ${maxmemory} with maxmemory-policy ${policy}: it may evict claimed accounts, which would then answer I102 again. Set maxmemory-policy noeviction (or maxmemory 0).`
}

/** Namespaces whose store objects a replica keeps made (they are rebuilt at no cost past it). */
const MADE_NAMESPACES = 1000

/**
 * State shared by every replica pointed at the same Redis and prefix. Resolves even when Redis
 * is down (after waiting up to the timeout): requests get 503 until it answers, then all is well.
 */
export async function createRedisState (options: RedisStateOptions): Promise<MockState> {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS
  const client = createRedisClient({ url: options.url, timeoutMs, onStatus: options.onStatus })
  const run = defineScripts(client, { ...ACCOUNT_SCRIPTS, ...JOURNAL_SCRIPTS, ...FAULT_SCRIPTS, ...KEY_SCRIPTS })
  // The state's own answers (a lost state's 503) pass through the guard as they are.
  const guard = createGuard(timeoutMs, (error) => error instanceof ApiError)
  const clock = createRedisClock(client)
  const epoch = createStateEpoch(client, `${prefix}epoch`)
  const refused = await connectWithin(client, timeoutMs, isCertificateRefused)
  const where = new URL(options.url).host
  if (refused !== undefined) {
    client.disconnect()
    throw new ConfigError(`MOCK_STORE: the TLS certificate of the Redis at ${where} is not trusted: ${refused.message} (${(refused as NodeJS.ErrnoException).code}). Give its CA to Node with NODE_EXTRA_CA_CERTS=<file>.`)
  }
  if (client.status === 'ready') {
    const eviction = await evictionRisk(client).catch(() => undefined)
    if (eviction !== undefined) {
      client.disconnect()
      throw new ConfigError(`MOCK_STORE: the Redis at ${where} ${eviction}`)
    }
  }
  // A claim script that ran just in time still needs its answer to arrive in time.
  const replyMarginMs = Math.min(50, timeoutMs / 10)
  const releases = createClaimReleases(client, run)

  const capacity = options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY
  /** The stores of the namespace whose keys begin with `keyPrefix`; they hold no state of their own. */
  const storesUnder = (keyPrefix: string): NamespaceState => ({
    accounts: createRedisAccountStore<Activation>({ client, run, prefix: keyPrefix, guard, clock, replyMarginMs, releases, epoch }),
    journal: createRedisJournal({ client, run, prefix: keyPrefix, guard, capacity }),
    faults: createRedisFaultStore({ client, run, prefix: keyPrefix, guard, clock }),
    keys: createRedisKeyRegistry({ client, run, prefix: keyPrefix, guard }),
  })
  // Namespaces live in Redis; this only spares a request building its namespace's stores again.
  const made = new Map<string, NamespaceState>()
  const index = createRedisNamespaceIndex(client, guard, prefix)

  const root = storesUnder(prefix)
  // Starting the default namespace over tells a replica whose Redis came back empty that the state is known again.
  const rootAccounts: NamespaceState['accounts'] = {
    ...root.accounts,
    async reset (sid) {
      await root.accounts.reset(sid)
      if (sid === undefined) await guard(() => epoch.acknowledge())
    },
    async restore (snapshot, wait) {
      await root.accounts.restore(snapshot, wait)
      await guard(() => epoch.acknowledge(), wait)
    },
  }

  return {
    ...root,
    accounts: rootAccounts,
    namespace (name) {
      let stores = made.get(name)
      if (stores === undefined) {
        if (made.size >= MADE_NAMESPACES) made.clear()
        stores = storesUnder(namespacePrefix(prefix, name))
        made.set(name, stores)
      }
      return stores
    },
    namespaces: () => index.names(),
    dropNamespace: (name) => index.drop(name),

    async health () {
      try {
        await guard(() => client.ping())
        if (epoch.unsure) await guard(() => epoch.check())
        return { backend: 'redis', ok: true }
      } catch (error) {
        return { backend: 'redis', ok: false, detail: (error as Error).message === STATE_LOST_DETAIL ? STATE_LOST_DETAIL : UNAVAILABLE_DETAIL }
      }
    },

    useLog: (log) => { epoch.useLog(log) },

    async close () {
      // A frozen Redis never answers QUIT: it gets the store timeout, then the connection is dropped.
      try {
        await beforeDeadline(client.quit(), performance.now() + timeoutMs)
      } catch {
        client.disconnect()
      }
    },
  }
}

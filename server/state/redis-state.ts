import { CONFIG_DEFAULTS } from '../cli/config-options.js'
import type { Activation } from '../activation/activation-factory.js'
import { DEFAULT_JOURNAL_CAPACITY, type MockState, type NamespaceState } from './mock-state.js'
import { createRedisNamespaceIndex, namespacePrefix } from './namespaces-redis.js'
import { createRedisFaultStore } from '../faults/fault-store-redis.js'
import { createRedisJournal } from '../journal/journal-redis.js'
import { createRedisKeyRegistry } from '../api-keys/key-registry-redis.js'
import { connectWithin, createGuard, createRedisClient, UNAVAILABLE_DETAIL } from './redis-client.js'
import { createRedisClock } from './redis-clock.js'
import { defineScripts } from './redis-scripts.js'
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

export const DEFAULT_REDIS_PREFIX = CONFIG_DEFAULTS.storePrefix
export const DEFAULT_REDIS_TIMEOUT_MS = CONFIG_DEFAULTS.storeTimeoutMs

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
  const run = defineScripts(client)
  const guard = createGuard(timeoutMs)
  const clock = createRedisClock(client)
  await connectWithin(client, timeoutMs)
  // A claim script that ran just in time still needs its answer to arrive in time.
  const replyMarginMs = Math.min(50, timeoutMs / 10)
  const releases = createClaimReleases(client, run)

  const capacity = options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY
  /** The stores of the namespace whose keys begin with `keyPrefix`; they hold no state of their own. */
  const storesUnder = (keyPrefix: string): NamespaceState => ({
    accounts: createRedisAccountStore<Activation>({ client, run, prefix: keyPrefix, guard, clock, replyMarginMs, releases }),
    journal: createRedisJournal({ client, run, prefix: keyPrefix, guard, capacity }),
    faults: createRedisFaultStore({ client, run, prefix: keyPrefix, guard, clock }),
    keys: createRedisKeyRegistry({ client, run, prefix: keyPrefix, guard }),
  })
  // Namespaces live in Redis; this only spares a request building its namespace's stores again.
  const made = new Map<string, NamespaceState>()
  const index = createRedisNamespaceIndex(client, guard, prefix)

  return {
    ...storesUnder(prefix),
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
        return { backend: 'redis', ok: true }
      } catch {
        return { backend: 'redis', ok: false, detail: UNAVAILABLE_DETAIL }
      }
    },

    async close () {
      try {
        await client.quit()
      } catch {
        client.disconnect()
      }
    },
  }
}

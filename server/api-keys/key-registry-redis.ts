import type { Redis } from 'ioredis'
import type { KeyRegistry } from './key-registry.js'
import type { Guard } from '../platform/redis-client.js'
import type { RunScript } from '../platform/redis-scripts.js'
import type { KEY_SCRIPTS } from './key-scripts.js'

export interface RedisKeyRegistryOptions {
  client: Redis
  run: RunScript<keyof typeof KEY_SCRIPTS>
  prefix: string
  guard: Guard
}

/** One Redis set of keys per SID, and a set of the SIDs that have one (for clear). */
export function createRedisKeyRegistry (options: RedisKeyRegistryOptions): KeyRegistry {
  const { client, run, prefix, guard } = options
  const keysKey = (sid: string): string => `${prefix}api-keys:${sid}`
  const indexKey = `${prefix}api-keys`

  return {
    add: (sid, apiKey) => guard(async () => {
      await client.multi().sadd(keysKey(sid), apiKey).sadd(indexKey, sid).exec()
    }),
    remove: (sid, apiKey) => guard(async () => {
      await client.srem(keysKey(sid), apiKey)
    }),
    keysOf: (sid, wait) => guard(async () => {
      const keys = await client.smembers(keysKey(sid))
      return keys.length === 0 ? undefined : new Set(keys)
    }, wait),
    clear: () => guard(async () => {
      await run('mockClearIndexed', [indexKey], [keysKey('')])
    }),
  }
}

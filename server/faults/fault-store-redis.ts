import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import { MAX_FAULTS } from './fault-store-memory.js'
import { canonicalFault, type FaultStore } from './fault-store.js'
import type { Fault } from './fault-schemas.js'
import type { Guard } from '../platform/redis-client.js'
import type { RedisClock } from '../platform/redis-clock.js'
import type { RunScript } from '../platform/redis-scripts.js'
import type { FAULT_SCRIPTS } from './fault-scripts.js'

export interface RedisFaultStoreOptions {
  client: Redis
  run: RunScript<keyof typeof FAULT_SCRIPTS>
  prefix: string
  guard: Guard
  clock: RedisClock
}

/** Rebuilds a fault in a fixed key order (Lua's cjson does not keep the order). */
function normalise (raw: string): Fault {
  return canonicalFault(JSON.parse(raw) as Fault)
}

/** Faults as a Redis list, oldest first; taking one application is one script, so replicas never overuse one. */
export function createRedisFaultStore (options: RedisFaultStoreOptions): FaultStore {
  const { client, run, guard, clock } = options
  const key = `${options.prefix}faults`

  return {
    add: (fault) => guard(async () => {
      const added = normalise(JSON.stringify({ id: randomUUID(), ...fault }))
      await run('mockFaultAdd', [key], [JSON.stringify(added), MAX_FAULTS])
      return added
    }),

    take: (sid, wait) => guard(async (deadline) => {
      const scriptDeadline = await clock.redisTimeAt(deadline, deadline)
      const taken = await run('mockFaultTake', [key], [...(sid === null ? ['0', ''] : ['1', sid]), scriptDeadline]) as string | null
      return taken === null ? undefined : normalise(taken)
    }, wait),

    list: (wait) => guard(async () => (await client.lrange(key, 0, -1)).map(normalise), wait),

    clear: (wait) => guard(async () => {
      await client.del(key)
    }, wait),
  }
}

import type { StoreWait } from '../platform/store-wait.js'

/**
 * Api-keys registered at run time (the "api-key … is valid" provider state), per SID. Part of
 * the app's state, so replicas sharing a backend share the registrations too.
 */
export interface KeyRegistry {
  add (sid: string, apiKey: string): Promise<void>
  remove (sid: string, apiKey: string): Promise<void>
  /** The SID's registered keys, or undefined when it has none; bounded by the request's `wait` on the store. */
  keysOf (sid: string, wait?: StoreWait): Promise<ReadonlySet<string> | undefined>
  /**
   * The same answer at once, for a registry held in this process; absent where asking is
   * I/O (Redis). Lets the usual request be authenticated without a promise.
   */
  keysOfNow? (sid: string): ReadonlySet<string> | undefined
  clear (): Promise<void>
}

/** Bounded like the faults, so a client registering keys in a loop cannot grow the process. */
const MAX_REGISTERED_SIDS = 10_000

export function createMemoryKeyRegistry (): KeyRegistry {
  const keysBySid = new Map<string, Set<string>>()
  return {
    async add (sid, apiKey) {
      if (!keysBySid.has(sid) && keysBySid.size >= MAX_REGISTERED_SIDS) keysBySid.delete(keysBySid.keys().next().value!)
      const keys = keysBySid.get(sid) ?? new Set<string>()
      keys.add(apiKey)
      keysBySid.set(sid, keys)
    },
    async remove (sid, apiKey) {
      const keys = keysBySid.get(sid)
      keys?.delete(apiKey)
      if (keys?.size === 0) keysBySid.delete(sid)
    },
    async keysOf (sid) {
      const keys = keysBySid.get(sid)
      return keys === undefined ? undefined : new Set(keys)
    },
    // Read-only use within one synchronous check, so no copy.
    keysOfNow: (sid) => keysBySid.get(sid),
    async clear () {
      keysBySid.clear()
    },
  }
}

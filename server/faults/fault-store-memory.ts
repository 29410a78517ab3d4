import { randomUUID } from 'node:crypto'
import { canonicalFault, type FaultStore } from './fault-store.js'
import type { Fault } from './fault-schemas.js'

/** Bounded so a client that keeps adding faults cannot grow the process. */
export const MAX_FAULTS = 100

/** The oldest fault for the SID, else the oldest for any SID (the rule the Redis script follows too). */
function pickFault (faults: readonly Fault[], sid: string | null): number {
  let any = -1
  for (let i = 0; i < faults.length; i++) {
    const fault = faults[i]
    if (sid !== null && fault.sid === sid) return i
    if (fault.sid === null && any === -1) any = i
  }
  return any
}

export function createMemoryFaultStore (): FaultStore {
  let faults: Fault[] = []
  return {
    async add (fault) {
      if (faults.length >= MAX_FAULTS) faults.shift()
      const added = canonicalFault({ id: randomUUID(), ...fault })
      faults.push(added)
      return structuredClone(added)
    },

    // Synchronous inside, so two concurrent requests never both use the last application.
    async take (sid) {
      const index = pickFault(faults, sid)
      if (index === -1) return undefined
      const fault = faults[index]
      if (fault.remaining !== null) {
        fault.remaining--
        if (fault.remaining <= 0) faults.splice(index, 1)
      }
      return structuredClone(fault)
    },

    isEmpty () {
      return faults.length === 0
    },

    async list () {
      return faults.map((fault) => structuredClone(fault))
    },

    async clear () {
      faults = []
    },
  }
}

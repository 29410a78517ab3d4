import { randomUUID } from 'node:crypto'
import type { Fault, FaultStore } from './fault-store.js'

/** Bounded so a client that keeps adding faults cannot grow the process. */
export const MAX_FAULTS = 100

export function createMemoryFaultStore (): FaultStore {
  let faults: Fault[] = []
  return {
    async add (fault) {
      if (faults.length >= MAX_FAULTS) faults.shift()
      const added = { id: randomUUID(), ...fault }
      faults.push(added)
      return { ...added }
    },

    // Synchronous inside, so two concurrent requests never both use the last application.
    async take (sid) {
      const index = faults.findIndex((fault) => fault.sid === null || fault.sid === sid)
      if (index === -1) return undefined
      const fault = faults[index]
      fault.remaining--
      if (fault.remaining <= 0) faults.splice(index, 1)
      return { ...fault }
    },

    isEmpty () {
      return faults.length === 0
    },

    async list () {
      return faults.map((fault) => ({ ...fault }))
    },

    async clear () {
      faults = []
    },
  }
}

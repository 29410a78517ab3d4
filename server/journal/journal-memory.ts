import type { Journal, JournalEntry, JournalPage } from './journal.js'
import { filtersEntries, matchesFilter } from './journal-filter.js'

type Recorded = Omit<JournalEntry, 'seq'>

/**
 * A ring of the newest `capacity` entries; older ones are dropped and counted. An entry is kept
 * as recorded, its seq beside it, and numbered when read: recording copies nothing.
 */
export function createMemoryJournal (capacity: number): Journal {
  let ring: Recorded[] = []
  let seqs: number[] = []
  let next = 0
  let total = 0
  const listeners = new Set<() => void>()

  return {
    record (entry) {
      total++
      if (ring.length < capacity) {
        ring.push(entry)
        seqs.push(total)
      } else {
        ring[next] = entry
        seqs[next] = total
      }
      next = (next + 1) % capacity
      if (listeners.size > 0) for (const listener of listeners) listener()
    },

    shared: false,

    watch (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },

    async list (filter = {}): Promise<JournalPage> {
      const newestFirst: JournalEntry[] = []
      const limit = filter.limit ?? Infinity
      let matching = 0
      const filtering = filtersEntries(filter)
      for (let i = 1; i <= ring.length; i++) {
        const at = (next - i + ring.length * 2) % ring.length
        const seq = seqs[at]
        // Newest first and numbered in order: the rest are older still.
        if (filter.since !== undefined && seq <= filter.since) break
        const entry = ring[at]
        if (filtering && !matchesFilter(entry, filter)) continue
        matching++
        // seq first, then the entry's fields in the order they were recorded in.
        if (newestFirst.length < limit) newestFirst.push({ seq, ...entry })
      }
      return { entries: newestFirst, total: filtering ? matching : total, dropped: total - ring.length, capacity }
    },

    async clear () {
      ring = []
      seqs = []
      next = 0
      total = 0
    },
  }
}

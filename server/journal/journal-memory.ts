import type { Journal, JournalEntry, JournalPage } from './journal.js'
import { filtersEntries, matchesFilter } from './journal-filter.js'

/** A ring of the newest `capacity` entries; older ones are dropped and counted. */
export function createMemoryJournal (capacity: number): Journal {
  let ring: JournalEntry[] = []
  let next = 0
  let total = 0
  const listeners = new Set<() => void>()

  return {
    record (entry) {
      total++
      // Field by field rather than a spread, which cost more than the rest of record().
      const full: JournalEntry = {
        seq: total,
        time: entry.time,
        method: entry.method,
        path: entry.path,
        sid: entry.sid,
        contentType: entry.contentType,
        headers: entry.headers,
        apiKey: entry.apiKey,
        fields: entry.fields,
        certificate: entry.certificate,
        status: entry.status,
        durationMs: entry.durationMs,
        code: entry.code,
        rule: entry.rule,
        parameter: entry.parameter,
      }
      if (entry.fault !== undefined) full.fault = entry.fault
      if (entry.unnamedFiles !== undefined) full.unnamedFiles = entry.unnamedFiles
      if (ring.length < capacity) ring.push(full)
      else ring[next] = full
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
        const entry = ring[(next - i + ring.length * 2) % ring.length]
        // Newest first and numbered in order: the rest are older still.
        if (filter.since !== undefined && entry.seq <= filter.since) break
        if (filtering && !matchesFilter(entry, filter)) continue
        matching++
        if (newestFirst.length < limit) newestFirst.push(entry)
      }
      return { entries: newestFirst, total: filtering ? matching : total, dropped: total - ring.length, capacity }
    },

    async clear () {
      ring = []
      next = 0
      total = 0
    },
  }
}

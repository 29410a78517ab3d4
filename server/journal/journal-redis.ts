import type { Redis } from 'ioredis'
import type { Journal, JournalEntry, JournalFilter, JournalPage } from './journal.js'
import { filtersEntries, matchesFilter } from './journal-filter.js'
import type { Guard } from '../platform/redis-client.js'
import type { RunScript } from '../platform/redis-scripts.js'
import type { JOURNAL_SCRIPTS } from './journal-scripts.js'

export interface RedisJournalOptions {
  client: Redis
  run: RunScript<keyof typeof JOURNAL_SCRIPTS>
  prefix: string
  capacity: number
  guard: Guard
}

/** Entries a poller's first read takes; later reads double, up to the largest. */
const FIRST_WINDOW = 16
const MAX_WINDOW = 1024

/**
 * A capped Redis list shared by every replica, newest first. One counter numbers the entries
 * (the seq) and counts them since the last clear, so `dropped` is exact: total minus kept.
 */
export function createRedisJournal (options: RedisJournalOptions): Journal {
  const { client, run, prefix, capacity, guard } = options
  const listKey = `${prefix}journal`
  const totalKey = `${prefix}journal:total`

  /**
   * A poller's read: windows from the head of the list (newest first) until an entry at or before
   * `since`, so a poll that finds nothing new reads one entry, not the whole journal. Entries pushed
   * between two windows shift the list; one already taken (by seq) is not taken twice.
   */
  async function listSince (since: number, filter: JournalFilter): Promise<JournalPage> {
    const entries: JournalEntry[] = []
    const limit = filter.limit ?? Infinity
    let matching = 0
    let oldestSeen = Number.POSITIVE_INFINITY
    let start = 0
    let size = FIRST_WINDOW
    const filtering = filtersEntries(filter)
    reading: for (;;) {
      const lines = await client.lrange(listKey, start, start + size - 1)
      for (const line of lines) {
        const entry = JSON.parse(line) as JournalEntry
        if (entry.seq <= since) break reading
        if (entry.seq >= oldestSeen) continue
        oldestSeen = entry.seq
        if (filtering && !matchesFilter(entry, filter)) continue
        matching++
        if (entries.length < limit) entries.push(entry)
        else if (!filtering) break reading // the count is the counter's; nothing left to read
      }
      if (lines.length < size) break
      start += size
      size = Math.min(size * 2, MAX_WINDOW)
    }
    // Read after the entries, so the total is never below a seq the page holds.
    const replies = await client.multi().get(totalKey).llen(listKey).exec()
    if (replies === null) throw new Error('journal read was aborted')
    const [[totalError, totalRaw], [lengthError, length]] = replies as Array<[Error | null, unknown]>
    if (totalError !== null || lengthError !== null) throw totalError ?? lengthError
    const total = Number(totalRaw ?? 0)
    return { entries, total: filtering ? matching : total, dropped: Math.max(0, total - Number(length)), capacity }
  }

  const listeners = new Set<() => void>()
  const notify = (): void => { for (const listener of listeners) listener() }

  return {
    shared: true,

    watch (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },

    record (entry, wait) {
      // Sent even when the request has no wait left (it met a frozen Redis and was answered
      // 503): the entry lands once Redis answers again, though the response did not wait for it.
      const writing = run('mockJournalRecord', [listKey, totalKey], [JSON.stringify(entry), capacity])
      writing.then(notify, () => {})
      return guard(async () => { await writing }, wait)
    },

    list: (filter = {}) => guard(async (): Promise<JournalPage> => {
      if (filter.since !== undefined) return listSince(filter.since, filter)
      const replies = await client.multi().lrange(listKey, 0, -1).get(totalKey).exec()
      if (replies === null) throw new Error('journal read was aborted')
      const [[listError, raw], [totalError, totalRaw]] = replies as Array<[Error | null, unknown]>
      if (listError !== null || totalError !== null) throw listError ?? totalError
      const kept = raw as string[]
      const total = Number(totalRaw ?? 0)
      const entries: JournalEntry[] = []
      const limit = filter.limit ?? Infinity
      let matching = 0
      const filtering = filtersEntries(filter)
      for (const line of kept) {
        const entry = JSON.parse(line) as JournalEntry
        if (filtering && !matchesFilter(entry, filter)) continue
        matching++
        if (entries.length < limit) entries.push(entry)
        else if (!filtering) break // the count is the counter's; nothing left to read
      }
      return { entries, total: filtering ? matching : total, dropped: Math.max(0, total - kept.length), capacity }
    }),

    clear: () => guard(async () => {
      await client.del(listKey, totalKey)
    }),
  }
}

import type { Redis } from 'ioredis'
import type { Journal, JournalEntry, JournalPage } from './journal.js'
import type { Guard } from '../state/redis-client.js'
import type { RunScript } from '../state/redis-scripts.js'

export interface RedisJournalOptions {
  client: Redis
  run: RunScript
  prefix: string
  capacity: number
  guard: Guard
}

/**
 * A capped Redis list shared by every replica, newest first. One counter numbers the entries
 * (the seq) and counts them since the last clear, so `dropped` is exact: total minus kept.
 */
export function createRedisJournal (options: RedisJournalOptions): Journal {
  const { client, run, prefix, capacity, guard } = options
  const listKey = `${prefix}journal`
  const totalKey = `${prefix}journal:total`

  return {
    record (entry, wait) {
      // Sent even when the request has no wait left (it met a frozen Redis and was answered
      // 503): the entry lands once Redis answers again, though the response did not wait for it.
      const writing = run('mockJournalRecord', [listKey, totalKey], [JSON.stringify(entry), capacity])
      writing.catch(() => {})
      return guard(async () => { await writing }, wait)
    },

    list: (filter = {}) => guard(async (): Promise<JournalPage> => {
      const replies = await client.multi().lrange(listKey, 0, -1).get(totalKey).exec()
      if (replies === null) throw new Error('journal read was aborted')
      const [[listError, raw], [totalError, totalRaw]] = replies as Array<[Error | null, unknown]>
      if (listError !== null || totalError !== null) throw listError ?? totalError
      const kept = raw as string[]
      const total = Number(totalRaw ?? 0)
      const entries: JournalEntry[] = []
      const limit = filter.limit ?? Infinity
      let matching = 0
      for (const line of kept) {
        const entry = JSON.parse(line) as JournalEntry
        if (filter.since !== undefined && entry.seq <= filter.since) break
        if (filter.sid !== undefined && entry.sid !== filter.sid) continue
        matching++
        if (entries.length < limit) entries.push(entry)
        else if (filter.sid === undefined) break // the count is the counter's; nothing left to read
      }
      return { entries, total: filter.sid === undefined ? total : matching, dropped: Math.max(0, total - kept.length), capacity }
    }),

    clear: () => guard(async () => {
      await client.del(listKey, totalKey)
    }),
  }
}

import { describe, expect, it } from 'vitest'
import { MAX_FAULTS } from '../../server/faults/fault-store-memory.js'
import { journalEntry } from './activations.js'
import type { NewState } from './state-contract.js'

/** The journal, faults, registered api-keys and health. */
export function describeRecordsContract (backend: string, state: NewState): void {
  describe(`${backend} journal`, () => {
    it('numbers entries from 1 and lists them newest first, by SID and up to a limit', async () => {
      const s = await state()
      await s.journal.record(journalEntry('HXA'))
      await s.journal.record(journalEntry('HXB', 400))
      await s.journal.record(journalEntry('HXA', 400))
      const page = await s.journal.list()
      expect(page.entries.map((e) => [e.seq, e.sid])).toEqual([[3, 'HXA'], [2, 'HXB'], [1, 'HXA']])
      expect(page.entries[2]).toEqual({ seq: 1, ...journalEntry('HXA') })
      expect((await s.journal.list({ sid: 'HXA' })).entries.map((e) => e.seq)).toEqual([3, 1])
      expect((await s.journal.list({ limit: 1 })).entries.map((e) => e.seq)).toEqual([3])
    })

    it('counts in total only the entries of the SID asked for, whatever the limit', async () => {
      const s = await state()
      for (const sid of ['HXA', 'HXB', 'HXA', 'HXC', 'HXA']) await s.journal.record(journalEntry(sid))
      const page = await s.journal.list({ sid: 'HXA', limit: 1 })
      expect({ seqs: page.entries.map((e) => e.seq), total: page.total, dropped: page.dropped }).toEqual({ seqs: [5], total: 3, dropped: 0 })
      expect((await s.journal.list({ limit: 2 })).total).toBe(5)
      expect((await s.journal.list({ sid: 'HXZ' })).total).toBe(0)
    })

    it('filters by inner or outer code, status and rule, with since, and counts the matches in total', async () => {
      const s = await state()
      await s.journal.record({ ...journalEntry('HXA', 400), code: 'E413', rule: 'required' })
      await s.journal.record({ ...journalEntry('HXA', 400), code: 'E937', rule: 'already_submitted' })
      await s.journal.record(journalEntry('HXB'))
      await s.journal.record({ ...journalEntry('HXB', 503), code: 'E503', rule: 'fault_status' })
      const seqs = async (filter: Parameters<typeof s.journal.list>[0]) => {
        const page = await s.journal.list(filter)
        return [page.entries.map((e) => e.seq), page.total]
      }
      expect(await seqs({ code: 'E939' })).toEqual([[2, 1], 2])
      expect(await seqs({ code: 'E937' })).toEqual([[2], 1])
      expect(await seqs({ code: 'I102' })).toEqual([[3], 1])
      expect(await seqs({ status: 503 })).toEqual([[4], 1])
      expect(await seqs({ rule: 'required', sid: 'HXA' })).toEqual([[1], 1])
      expect(await seqs({ code: 'E939', since: 1, limit: 5 })).toEqual([[2], 1])
      expect(await seqs({ code: 'E939', sid: 'HXB' })).toEqual([[], 0])
    })

    it('tells a watcher of each entry this process records, until it stops watching', async () => {
      const s = await state()
      let heard = 0
      const unwatch = s.journal.watch(() => { heard++ })
      await s.journal.record(journalEntry('HXA'))
      await s.journal.record(journalEntry('HXB'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      unwatch()
      await s.journal.record(journalEntry('HXC'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(heard).toBe(2)
    })

    it('lists only the entries numbered after `since`, newest first, so a poller gets each entry once', async () => {
      const s = await state()
      for (const sid of ['HXA', 'HXB', 'HXA', 'HXC']) await s.journal.record(journalEntry(sid))
      expect((await s.journal.list({ since: 2 })).entries.map((e) => e.seq)).toEqual([4, 3])
      expect((await s.journal.list({ since: 2, sid: 'HXA' })).entries.map((e) => e.seq)).toEqual([3])
      expect((await s.journal.list({ since: 4 })).entries).toEqual([])
      expect((await s.journal.list({ since: 0 })).entries).toHaveLength(4)
    })

    it('lists every entry after `since` exactly once, however many there are', async () => {
      const s = await state()
      for (let i = 0; i < 150; i++) await s.journal.record(journalEntry(`HX${i % 3}`))
      const page = await s.journal.list({ since: 7 })
      expect(page.entries.map((e) => e.seq)).toEqual(Array.from({ length: 143 }, (_, i) => 150 - i))
      expect([page.total, page.dropped]).toEqual([150, 0])
      expect((await s.journal.list({ since: 7, sid: 'HX0', limit: 40 })).entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => 148 - 3 * i))
    })

    it('keeps the newest entries up to its capacity and counts exactly what it dropped', async () => {
      const s = await state({ journalCapacity: 3 })
      for (let i = 0; i < 5; i++) await s.journal.record(journalEntry(`HX${i}`))
      const page = await s.journal.list()
      expect(page.entries.map((e) => e.sid)).toEqual(['HX4', 'HX3', 'HX2'])
      expect([page.total, page.dropped, page.capacity]).toEqual([5, 2, 3])
    })

    it('empties on clear and numbers from 1 again', async () => {
      const s = await state()
      await s.journal.record(journalEntry('HXA'))
      await s.journal.clear()
      expect(await s.journal.list()).toEqual({ entries: [], total: 0, dropped: 0, capacity: 1000 })
      await s.journal.record(journalEntry('HXB'))
      expect((await s.journal.list()).entries.map((e) => e.seq)).toEqual([1])
    })
  })

  describe(`${backend} faults`, () => {
    it('applies the oldest fault that matches the SID, and a SID-less request only global faults', async () => {
      const s = await state()
      const forA = await s.faults.add({ kind: 'status', sid: 'HXA', remaining: 1, status: 503 })
      const global = await s.faults.add({ kind: 'delay', sid: null, remaining: 1, delayMs: 250 })
      expect(await s.faults.take('HXB')).toEqual({ ...global, remaining: 0 })
      expect(await s.faults.take(null)).toBeUndefined()
      expect(await s.faults.take('HXA')).toEqual({ ...forA, remaining: 0 })
      expect(await s.faults.list()).toEqual([])
    })

    it('counts applications down and lists what remains', async () => {
      const s = await state()
      const fault = await s.faults.add({ kind: 'drop', sid: null, remaining: 3 })
      expect(fault).toEqual({ id: fault.id, kind: 'drop', sid: null, remaining: 3 })
      await s.faults.take('HXA')
      expect(await s.faults.list()).toEqual([{ ...fault, remaining: 2 }])
    })

    it('never hands out more applications than a fault has, however many take at once', async () => {
      const s = await state()
      await s.faults.add({ kind: 'status', sid: 'HXA', remaining: 5, status: 500 })
      const taken = await Promise.all(Array.from({ length: 20 }, () => s.faults.take('HXA')))
      expect(taken.filter((f) => f !== undefined).map((f) => f?.remaining).sort()).toEqual([0, 1, 2, 3, 4])
    })

    it('prefers the SID\'s own fault to an older one for any SID, and keeps one until cleared for every take', async () => {
      const s = await state()
      const forever = await s.faults.add({ kind: 'delay', sid: null, remaining: null, delay: { distribution: 'lognormal', median: 120, sigma: 0.5 } })
      const sequence = await s.faults.add({ kind: 'sequence', sid: 'HXA', remaining: 3, steps: [{ kind: 'status', status: 503, retryAfter: 2 }, { kind: 'answer', answer: 'validation', parameter: 'business_id', rule: 'integer' }, { kind: 'pass' }] })
      expect(sequence.steps).toEqual([{ kind: 'status', status: 503, retryAfter: 2 }, { kind: 'answer', answer: 'validation', parameter: 'business_id', rule: 'integer' }, { kind: 'pass' }])
      expect(await s.faults.take('HXA')).toEqual({ ...sequence, remaining: 2 })
      expect(await s.faults.take('HXB')).toEqual(forever)
      expect(await s.faults.take(null)).toEqual(forever)
      expect(await s.faults.take('HXA')).toEqual({ ...sequence, remaining: 1 })
      expect(await s.faults.take('HXA')).toEqual({ ...sequence, remaining: 0 })
      expect(await s.faults.take('HXA')).toEqual(forever)
      expect(await s.faults.list()).toEqual([forever])
    })

    it(`keeps at most ${MAX_FAULTS} faults, dropping the oldest, and forgets them all on clear`, async () => {
      const s = await state()
      const added = []
      for (let i = 0; i <= MAX_FAULTS; i++) added.push(await s.faults.add({ kind: 'drop', sid: `HX${i}`, remaining: 1 }))
      const listed = await s.faults.list()
      expect(listed).toHaveLength(MAX_FAULTS)
      expect(listed[0]).toEqual(added[1])
      await s.faults.clear()
      expect(await s.faults.list()).toEqual([])
    })
  })

  describe(`${backend} registered api-keys`, () => {
    it('keeps the keys registered for a SID until they are removed or cleared', async () => {
      const s = await state()
      expect(await s.keys.keysOf('HXA')).toBeUndefined()
      await s.keys.add('HXA', 'ka')
      await s.keys.add('HXA', 'kb')
      await s.keys.add('HXB', 'kc')
      expect(await s.keys.keysOf('HXA')).toEqual(new Set(['ka', 'kb']))
      await s.keys.remove('HXA', 'ka')
      await s.keys.remove('HXA', 'kb')
      expect(await s.keys.keysOf('HXA')).toBeUndefined()
      await s.keys.clear()
      expect(await s.keys.keysOf('HXB')).toBeUndefined()
    })
  })

  describe(`${backend} health`, () => {
    it('reports the backend as able to serve', async () => {
      expect(await (await state()).health()).toEqual({ backend: backend.startsWith('redis') ? 'redis' : 'memory', ok: true })
    })
  })
}

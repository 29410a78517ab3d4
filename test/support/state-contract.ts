import { afterEach, describe, expect, it } from 'vitest'
import { MAX_FAULTS } from '../../server/fault-store-memory.js'
import type { MockState } from '../../server/mock-state.js'
import { activationFor, journalEntry } from './activations.js'

export type OpenState = (options: { journalCapacity?: number }) => Promise<MockState>

/** The behaviour every state backend must have; each backend's test file runs it. */
export function describeStateBackend (backend: string, open: OpenState): void {
  const opened: MockState[] = []
  const state = async (options: { journalCapacity?: number } = {}): Promise<MockState> => {
    const created = await open(options)
    opened.push(created)
    return created
  }
  afterEach(async () => { await Promise.all(opened.splice(0).map((s) => s.close())) })
  const claim = (s: MockState, sid: string) => s.accounts.claim(sid, (ids) => activationFor(sid, ids))

  describe(`${backend} accounts`, () => {
    it('reports an account it has never seen as fresh', async () => {
      expect(await (await state()).accounts.get('HXNEW')).toEqual({ sid: 'HXNEW', state: 'fresh' })
    })

    it('lets the first claim take a fresh account and keeps the activation built from ids counted from 1', async () => {
      const s = await state()
      const outcome = await claim(s, 'HXA')
      const expected = activationFor('HXA', { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 })
      expect(outcome).toEqual({ claimed: true, activation: expected })
      expect(await s.accounts.get('HXA')).toEqual({ sid: 'HXA', state: 'submitted', activation: expected })
    })

    it('refuses a second claim without building anything', async () => {
      const s = await state()
      await claim(s, 'HXA')
      let built = false
      const second = await s.accounts.claim('HXA', (ids) => { built = true; return activationFor('HXA', ids) })
      expect(second).toEqual({ claimed: false, state: 'submitted' })
      expect(built).toBe(false)
    })

    it('draws the next ids for every new account', async () => {
      const s = await state()
      const ids = []
      for (const sid of ['HX1', 'HX2', 'HX3']) {
        const outcome = await claim(s, sid)
        if (outcome.claimed) ids.push(outcome.activation.business_details.id, outcome.activation.phone_number.id)
      }
      expect(ids).toEqual([1, 1, 2, 2, 3, 3])
    })

    it('lets exactly one of 50 concurrent claims on one account succeed', async () => {
      const s = await state()
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => claim(s, 'HXRACE')))
      expect(outcomes.filter((o) => o.claimed)).toHaveLength(1)
      expect(outcomes.filter((o) => !o.claimed)).toHaveLength(49)
    })

    it('leaves the account fresh when building the activation fails', async () => {
      const s = await state()
      await expect(s.accounts.claim('HXFAIL', () => { throw new Error('boom') })).rejects.toThrow('boom')
      expect(await s.accounts.get('HXFAIL')).toEqual({ sid: 'HXFAIL', state: 'fresh' })
      expect((await claim(s, 'HXFAIL')).claimed).toBe(true)
    })

    it('seeds a state, dropping the activation, and seeding fresh forgets the account', async () => {
      const s = await state()
      await claim(s, 'HXS')
      await s.accounts.seed('HXS', 'active_channel')
      expect(await s.accounts.get('HXS')).toEqual({ sid: 'HXS', state: 'active_channel' })
      expect(await claim(s, 'HXS')).toEqual({ claimed: false, state: 'active_channel' })
      await s.accounts.seed('HXS', 'fresh')
      expect(await s.accounts.get('HXS')).toEqual({ sid: 'HXS', state: 'fresh' })
      expect((await s.accounts.snapshot()).accounts).toEqual([])
    })

    it('resets one account and keeps the counters going', async () => {
      const s = await state()
      await claim(s, 'HXA')
      await claim(s, 'HXB')
      await s.accounts.reset('HXA')
      expect(await s.accounts.get('HXA')).toEqual({ sid: 'HXA', state: 'fresh' })
      expect((await s.accounts.get('HXB')).state).toBe('submitted')
      const again = await claim(s, 'HXA')
      expect(again.claimed && again.activation.business_details.id).toBe(3)
    })

    it('resets everything, counters included', async () => {
      const s = await state()
      await claim(s, 'HXA')
      await s.accounts.seed('HXB', 'active_channel')
      await s.accounts.reset()
      expect(await s.accounts.snapshot()).toEqual({ accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } })
      const again = await claim(s, 'HXB')
      expect(again.claimed && again.activation.business_details.id).toBe(1)
    })

    it('snapshots the accounts in SID order with their activations and the counters', async () => {
      const s = await state()
      await claim(s, 'HXB')
      await claim(s, 'HXA')
      await s.accounts.seed('HXC', 'active_channel')
      expect(await s.accounts.snapshot()).toEqual({
        accounts: [
          { sid: 'HXA', state: 'submitted', activation: activationFor('HXA', { businessDetailsId: 2, certificateId: 2, phoneNumberId: 2 }) },
          { sid: 'HXB', state: 'submitted', activation: activationFor('HXB', { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 }) },
          { sid: 'HXC', state: 'active_channel' },
        ],
        counters: { businessDetailsId: 2, certificateId: 2, phoneNumberId: 2 },
      })
    })

    it('restores a snapshot in place of everything it held, and counts on from its counters', async () => {
      const s = await state()
      await claim(s, 'HXOLD')
      const restored = {
        accounts: [{ sid: 'HXR', state: 'submitted' as const, activation: activationFor('HXR', { businessDetailsId: 7, certificateId: 7, phoneNumberId: 7 }) }],
        counters: { businessDetailsId: 7, certificateId: 8, phoneNumberId: 9 },
      }
      await s.accounts.restore(restored)
      expect(await s.accounts.snapshot()).toEqual(restored)
      expect((await s.accounts.get('HXOLD')).state).toBe('fresh')
      const next = await claim(s, 'HXNEXT')
      expect(next.claimed && [next.activation.business_details.id, next.activation.business_details.certificate_id, next.activation.phone_number.id]).toEqual([8, 9, 10])
    })
  })

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

import { describe, expect, it } from 'vitest'
import type { MockState, NamespaceState } from '../../server/state/mock-state.js'
import { activationFor, journalEntry } from './activations.js'
import type { NewState } from './state-contract.js'

const FIRST_IDS = { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 }

/** Fills a namespace with one of everything it keeps. */
async function fill (space: NamespaceState, sid: string): Promise<void> {
  await space.accounts.claim(sid, (ids) => activationFor(sid, ids))
  await space.journal.record(journalEntry(sid))
  await space.faults.add({ kind: 'drop', sid: null, remaining: 1 })
  await space.keys.add(sid, 'key')
}

/** What a namespace holds, as one comparable value. */
async function contents (space: NamespaceState, sid: string) {
  return {
    account: await space.accounts.get(sid),
    journal: (await space.journal.list()).entries.map((entry) => entry.sid),
    faults: (await space.faults.list()).map((fault) => fault.kind),
    keys: await space.keys.keysOf(sid),
  }
}

/** Namespaces: isolation, listing and dropping, on every backend. */
export function describeNamespacesContract (backend: string, state: NewState): void {
  const claim = (space: NamespaceState, sid: string) => space.accounts.claim(sid, (ids) => activationFor(sid, ids))

  describe(`${backend} namespaces`, () => {
    it('keeps the same SID in two namespaces and the default one as three accounts, each counting its ids from 1', async () => {
      const s = await state()
      const outcomes = [await claim(s.namespace('a'), 'HXSAME'), await claim(s.namespace('b'), 'HXSAME'), await claim(s, 'HXSAME')]
      expect(outcomes).toEqual(Array.from({ length: 3 }, () => ({ claimed: true, activation: activationFor('HXSAME', FIRST_IDS) })))
      expect(await claim(s.namespace('a'), 'HXSAME')).toEqual({ claimed: false, state: 'submitted' })
    })

    it('lets exactly one of 20 concurrent claims win in each of three namespaces at once', async () => {
      const s = await state()
      const spaces = [s.namespace('a'), s.namespace('b'), s]
      const outcomes = await Promise.all(spaces.flatMap((space) => Array.from({ length: 20 }, () => claim(space, 'HXRACE'))))
      for (let i = 0; i < 3; i++) expect(outcomes.slice(i * 20, i * 20 + 20).filter((o) => o.claimed)).toHaveLength(1)
    })

    it('keeps journal, faults and api-keys apart, and a reset of one namespace leaves the others', async () => {
      const s = await state()
      await fill(s.namespace('a'), 'HXA')
      await fill(s, 'HXROOT')
      const empty = { account: { sid: 'HXA', state: 'fresh' }, journal: [], faults: [], keys: undefined }
      expect(await contents(s.namespace('b'), 'HXA')).toEqual(empty)
      expect(await contents(s, 'HXA')).toEqual({ account: { sid: 'HXA', state: 'fresh' }, journal: ['HXROOT'], faults: ['drop'], keys: undefined })
      expect(await s.namespace('b').faults.take(null)).toBeUndefined()
      const a = s.namespace('a')
      await Promise.all([a.accounts.reset(), a.journal.clear(), a.faults.clear(), a.keys.clear()])
      expect(await contents(s.namespace('a'), 'HXA')).toEqual(empty)
      expect((await contents(s, 'HXROOT')).journal).toEqual(['HXROOT'])
    })

    it('snapshots and restores one namespace alone', async () => {
      const s = await state()
      await claim(s.namespace('a'), 'HXA')
      await claim(s, 'HXROOT')
      const snapshot = await s.namespace('a').accounts.snapshot()
      expect(snapshot).toEqual({ accounts: [{ sid: 'HXA', state: 'submitted', activation: activationFor('HXA', FIRST_IDS) }], counters: FIRST_IDS })
      await s.namespace('b').accounts.restore(snapshot)
      expect(await s.namespace('b').accounts.snapshot()).toEqual(snapshot)
      await s.namespace('a').accounts.restore({ accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } })
      expect((await s.namespace('a').accounts.snapshot()).accounts).toEqual([])
      expect((await s.accounts.snapshot()).accounts.map((account) => account.sid)).toEqual(['HXROOT'])
    })

    it('lists the namespaces in use, sorted, without the default one', async () => {
      const s = await state()
      expect(await s.namespaces()).toEqual([])
      await fill(s.namespace('zeta'), 'HXZ')
      await s.namespace('alpha').accounts.seed('HXA', 'active_channel')
      await s.namespace('mid.dle_1-2').journal.record(journalEntry('HXM'))
      await fill(s, 'HXROOT')
      expect(await s.namespaces()).toEqual(['alpha', 'mid.dle_1-2', 'zeta'])
    })

    it('drops a namespace entirely: it starts again empty, counting from 1, and the others keep theirs', async () => {
      const s = await state()
      await fill(s.namespace('gone'), 'HXG')
      await fill(s.namespace('kept'), 'HXK')
      await fill(s, 'HXROOT')
      await s.dropNamespace('gone')
      expect(await s.namespaces()).toEqual(['kept'])
      expect(await contents(s.namespace('gone'), 'HXG')).toEqual({ account: { sid: 'HXG', state: 'fresh' }, journal: [], faults: [], keys: undefined })
      expect(await claim(s.namespace('gone'), 'HXNEW')).toEqual({ claimed: true, activation: activationFor('HXNEW', FIRST_IDS) })
      expect(await contents(s.namespace('kept'), 'HXK')).toMatchObject({ account: { state: 'submitted' }, journal: ['HXK'], faults: ['drop'], keys: new Set(['key']) })
      expect((await contents(s, 'HXROOT')).account.state).toBe('submitted')
      await s.dropNamespace('never-made')
    })

    it('leaves the named namespaces alone when the default one is reset', async () => {
      const s: MockState = await state()
      await fill(s.namespace('a'), 'HXA')
      await Promise.all([s.accounts.reset(), s.journal.clear(), s.faults.clear(), s.keys.clear()])
      expect(await contents(s.namespace('a'), 'HXA')).toMatchObject({ account: { state: 'submitted' }, journal: ['HXA'], faults: ['drop'] })
    })
  })
}

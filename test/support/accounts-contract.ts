import { describe, expect, it } from 'vitest'
import type { MockState } from '../../server/state/mock-state.js'
import { activationFor } from './activations.js'
import type { NewState } from './state-contract.js'

/** Accounts: the once-only claim, counters, seeding, resets and snapshots. */
export function describeAccountsContract (backend: string, state: NewState): void {
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

    it('lists the accounts that are not fresh by SID, a page at a time, each exactly once', async () => {
      const s = await state()
      for (const sid of ['HXD', 'HXB', 'HXE', 'HXA', 'HXC']) await claim(s, sid)
      await s.accounts.seed('HXB', 'active_channel')
      await s.accounts.seed('HXC', 'fresh')
      const first = await s.accounts.list({ limit: 2 })
      expect(first.accounts.map((a) => [a.sid, a.state])).toEqual([['HXA', 'submitted'], ['HXB', 'active_channel']])
      expect(first.accounts[0]).toEqual(await s.accounts.get('HXA'))
      expect(first.next).toBe('HXB')
      const second = await s.accounts.list({ after: 'HXB', limit: 2 })
      expect(second.accounts.map((a) => a.sid)).toEqual(['HXD', 'HXE'])
      expect(second.next).toBeNull()
      expect(await s.accounts.list({ after: 'HXE', limit: 2 })).toEqual({ accounts: [], next: null })
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
}

import type { AccountRecord, AccountState, AccountStore, ActivationIds, ClaimOutcome } from './account-store.js'

interface Entry<A> {
  state: AccountState
  activation?: A
}

const ZERO: ActivationIds = { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 }

function recordOf<A> (sid: string, entry: Entry<A> | undefined): AccountRecord<A> {
  if (entry === undefined) return { sid, state: 'fresh' }
  return entry.activation === undefined
    ? { sid, state: entry.state }
    : { sid, state: entry.state, activation: entry.activation }
}

/** The default backend: a Map owned by one app instance. */
export function createMemoryStore<A = unknown> (): AccountStore<A> {
  const accounts = new Map<string, Entry<A>>()
  let counters: ActivationIds = { ...ZERO }

  function nextIds (): ActivationIds {
    counters = {
      businessDetailsId: counters.businessDetailsId + 1,
      certificateId: counters.certificateId + 1,
      phoneNumberId: counters.phoneNumberId + 1,
    }
    return counters
  }

  return {
    // Deliberately synchronous inside: nothing may yield between the check and the take.
    async claim (sid, create): Promise<ClaimOutcome<A>> {
      const existing = accounts.get(sid)
      if (existing !== undefined && existing.state !== 'fresh') return { claimed: false, state: existing.state }
      const activation = create(nextIds())
      accounts.set(sid, { state: 'submitted', activation })
      return { claimed: true, activation }
    },

    async get (sid): Promise<AccountRecord<A>> {
      return recordOf(sid, accounts.get(sid))
    },

    async seed (sid, state) {
      if (state === 'fresh') accounts.delete(sid)
      else accounts.set(sid, { state })
    },

    async reset (sid) {
      if (sid !== undefined) {
        accounts.delete(sid)
        return
      }
      accounts.clear()
      counters = { ...ZERO }
    },

    async snapshot () {
      const sids = [...accounts.keys()].sort()
      return { accounts: sids.map((sid) => recordOf(sid, accounts.get(sid))), counters: { ...counters } }
    },

    async restore (snapshot) {
      accounts.clear()
      for (const { sid, state, activation } of snapshot.accounts) {
        if (state === 'fresh') continue
        accounts.set(sid, activation === undefined ? { state } : { state, activation })
      }
      counters = { ...snapshot.counters }
    },

    async close () {},
  }
}

import { pageOfSids, type AccountRecord, type AccountState, type AccountStore, type AccountsPage, type AccountsSnapshot, type ClaimOutcome } from './account-store.js'
import type { ActivationIds } from '../activation/activation-factory.js'

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

/**
 * The memory store's operations, synchronous: a caller can make a change and note it (the
 * state file queues a write) with nothing running in between.
 */
export interface SyncAccountStore<A> {
  claim (sid: string, create: (ids: ActivationIds) => A): ClaimOutcome<A>
  get (sid: string): AccountRecord<A>
  seed (sid: string, state: AccountState): void
  reset (sid?: string): void
  list (page: { after?: string, limit: number }): AccountsPage<A>
  snapshot (): AccountsSnapshot<A>
  restore (snapshot: AccountsSnapshot<A>): void
}

/** A Map of accounts and the id counters, owned by one app instance. */
export function createSyncAccountStore<A = unknown> (): SyncAccountStore<A> {
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
    claim (sid, create) {
      const existing = accounts.get(sid)
      if (existing !== undefined && existing.state !== 'fresh') return { claimed: false, state: existing.state }
      const activation = create(nextIds())
      accounts.set(sid, { state: 'submitted', activation })
      return { claimed: true, activation }
    },

    get: (sid) => recordOf(sid, accounts.get(sid)),

    seed (sid, state) {
      if (state === 'fresh') accounts.delete(sid)
      else accounts.set(sid, { state })
    },

    reset (sid) {
      if (sid !== undefined) {
        accounts.delete(sid)
        return
      }
      accounts.clear()
      counters = { ...ZERO }
    },

    list (page) {
      const { sids, next } = pageOfSids(accounts.keys(), page)
      return { accounts: sids.map((sid) => recordOf(sid, accounts.get(sid))), next }
    },

    snapshot () {
      const sids = [...accounts.keys()].sort()
      return { accounts: sids.map((sid) => recordOf(sid, accounts.get(sid))), counters: { ...counters } }
    },

    restore (snapshot) {
      accounts.clear()
      for (const { sid, state, activation } of snapshot.accounts) {
        if (state === 'fresh') continue
        accounts.set(sid, activation === undefined ? { state } : { state, activation })
      }
      counters = { ...snapshot.counters }
    },
  }
}

/** The default backend: the synchronous store behind the async interface, so a claim never yields between check and take. */
export function createMemoryAccountStore<A = unknown> (): AccountStore<A> {
  const memory = createSyncAccountStore<A>()
  return {
    claim: async (sid, create) => memory.claim(sid, create),
    get: async (sid) => memory.get(sid),
    seed: async (sid, state) => memory.seed(sid, state),
    reset: async (sid) => memory.reset(sid),
    list: async (page) => memory.list(page),
    snapshot: async () => memory.snapshot(),
    restore: async (snapshot) => memory.restore(snapshot),
    async close () {},
  }
}

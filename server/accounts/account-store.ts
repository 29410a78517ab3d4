import type { ActivationIds } from '../activation/activation-factory.js'
import type { StoreWait } from '../platform/store-wait.js'

/**
 * The per-account state behind the endpoint. Every backend implements this interface;
 * `claim` must be atomic within the backend itself.
 */

export const ACCOUNT_STATES = ['fresh', 'submitted', 'active_channel'] as const
export type AccountState = typeof ACCOUNT_STATES[number]

export interface AccountRecord<A = unknown> {
  sid: string
  state: AccountState
  /** The activation request this account created, if it did. */
  activation?: A
}

/** Everything an account store holds, as snapshots export and restore it. */
export interface AccountsSnapshot<A = unknown> {
  /** Accounts that are not fresh, ordered by SID. */
  accounts: AccountRecord<A>[]
  /** The last ids drawn; the next claim draws each plus one. */
  counters: ActivationIds
}

/** One page of the accounts that are not fresh, ordered by SID. */
export interface AccountsPage<A = unknown> {
  accounts: AccountRecord<A>[]
  /** The SID to pass as `after` for the next page, or null on the last page. */
  next: string | null
}

export type ClaimOutcome<A> =
  | { claimed: true, activation: A }
  | { claimed: false, state: AccountState }

export interface AccountStore<A = unknown> {
  /**
   * Takes the account's one chance if it is still fresh: draws the ids, builds the
   * activation with `create` and records it, all without yielding in between. `wait` is the
   * request's time on the store so far; a backend that can stall bounds the claim by it, and a
   * claim that fails (503) leaves the account as it was.
   */
  claim (sid: string, create: (ids: ActivationIds) => A, wait?: StoreWait): Promise<ClaimOutcome<A>>
  get (sid: string): Promise<AccountRecord<A>>
  /** Puts an account in a state (dropping any activation it had). */
  seed (sid: string, state: AccountState): Promise<void>
  /** Forgets one account, or every account and counter when no sid is given. */
  reset (sid?: string): Promise<void>
  /**
   * Up to `limit` accounts that are not fresh, ordered by SID, starting after the SID `after`.
   * A cursor, not an offset: accounts added or reset between pages neither repeat nor vanish.
   */
  list (page: { after?: string, limit: number }): Promise<AccountsPage<A>>
  /** `wait`, as for claim: an admin call that restores then reads shares one store timeout. */
  snapshot (wait?: StoreWait): Promise<AccountsSnapshot<A>>
  /** Replaces every account and the counters with the snapshot's, as one change. */
  restore (snapshot: AccountsSnapshot<A>, wait?: StoreWait): Promise<void>
  close (): Promise<void>
}

/** SIDs in the order pages use: by UTF-16 code units, as the snapshot orders them. */
function compareSids (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The page of `sids` (unsorted, not fresh) after the cursor: keeps only the `limit` smallest, in
 * order, as it reads them, so a page costs one pass over the SIDs and not a sort of them all
 * (paging through every account would otherwise cost a sort per page).
 */
export function pageOfSids (sids: Iterable<string>, page: { after?: string, limit: number }): { sids: string[], next: string | null } {
  const { after, limit } = page
  const taken: string[] = []
  let more = false
  for (const sid of sids) {
    if (after !== undefined && sid <= after) continue
    if (taken.length === limit) {
      more = true
      if (compareSids(sid, taken[limit - 1]!) >= 0) continue
      taken.pop()
    }
    let low = 0
    let high = taken.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareSids(taken[middle]!, sid) < 0) low = middle + 1
      else high = middle
    }
    taken.splice(low, 0, sid)
  }
  return { sids: taken, next: more ? taken[taken.length - 1]! : null }
}

import type { StoreWait } from '../state/store-wait.js'

/**
 * The per-account state behind the endpoint. Every backend implements this interface;
 * `claim` must be atomic within the backend itself.
 */

export const ACCOUNT_STATES = ['fresh', 'submitted', 'active_channel'] as const
export type AccountState = typeof ACCOUNT_STATES[number]

export interface ActivationIds {
  businessDetailsId: number
  certificateId: number
  phoneNumberId: number
}

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
  /** `wait`, as for claim: an admin call that restores then reads shares one store timeout. */
  snapshot (wait?: StoreWait): Promise<AccountsSnapshot<A>>
  /** Replaces every account and the counters with the snapshot's, as one change. */
  restore (snapshot: AccountsSnapshot<A>, wait?: StoreWait): Promise<void>
  close (): Promise<void>
}

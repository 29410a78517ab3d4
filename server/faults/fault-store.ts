import type { StoreWait } from '../platform/store-wait.js'

export const FAULT_KINDS = ['delay', 'status', 'drop'] as const
export type FaultKind = typeof FAULT_KINDS[number]

/** A fault injected by a client team to test its retries and timeouts. */
export interface Fault {
  id: string
  kind: FaultKind
  /** Only requests for this SID, or any request when null. */
  sid: string | null
  /** How many more requests it applies to. */
  remaining: number
  /** For `delay`: milliseconds before the real answer. */
  delayMs?: number
  /** For `status`: 500 or 503, answered in the envelope style. */
  status?: 500 | 503
}

export type NewFault = Omit<Fault, 'id'>

export interface FaultStore {
  add (fault: NewFault): Promise<Fault>
  /**
   * Atomically uses up one application of the oldest fault matching the SID, if any, within
   * what is left of the request's `wait` on the store (and never after it).
   */
  take (sid: string | null, wait?: StoreWait): Promise<Fault | undefined>
  /** Optional: true only when the store surely holds no fault (so take() would find none). */
  isEmpty? (): boolean
  /** `wait`, as for take: an admin call that clears then lists shares one store timeout. */
  list (wait?: StoreWait): Promise<Fault[]>
  clear (wait?: StoreWait): Promise<void>
}

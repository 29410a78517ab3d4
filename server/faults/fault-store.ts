import type { StoreWait } from '../platform/store-wait.js'
import type { DelayDistribution, Fault, FaultAction, FaultStep, NewFault } from './fault-schemas.js'

const ACTION_KEYS = ['delayMs', 'delay', 'status', 'retryAfter', 'answer', 'parameter', 'rule'] as const

function copyAction<T extends FaultAction> (from: FaultAction, to: T): T {
  for (const key of ACTION_KEYS) {
    const value = from[key]
    if (value !== undefined && value !== null) (to as Record<string, unknown>)[key] = key === 'delay' ? canonicalDelay(value as DelayDistribution) : value
  }
  return to
}

function canonicalDelay (delay: DelayDistribution): DelayDistribution {
  switch (delay.distribution) {
    case 'fixed': return { distribution: 'fixed', ms: delay.ms }
    case 'uniform': return { distribution: 'uniform', min: delay.min, max: delay.max }
    case 'lognormal': return { distribution: 'lognormal', median: delay.median, sigma: delay.sigma }
  }
}

/**
 * A fault with its keys in one fixed order, whatever order it was parsed in (Lua's cjson does not
 * keep it): both backends list the same JSON for the same fault.
 */
export function canonicalFault (parsed: Fault): Fault {
  const fault: Fault = { id: parsed.id, kind: parsed.kind, sid: parsed.sid ?? null, remaining: parsed.remaining ?? null }
  copyAction(parsed, fault)
  if (parsed.steps !== undefined) fault.steps = parsed.steps.map((step) => copyAction<FaultStep>(step, { kind: step.kind }))
  return fault
}

export interface FaultStore {
  add (fault: NewFault): Promise<Fault>
  /**
   * Atomically uses up one application of the fault for the SID, if any, within what is left of
   * the request's `wait` on the store (and never after it): the oldest fault for that SID, else the
   * oldest for any SID. Returns the fault as it is after the use (a sequence's remaining count
   * says which step this request got).
   */
  take (sid: string | null, wait?: StoreWait): Promise<Fault | undefined>
  /** Optional: true only when the store surely holds no fault (so take() would find none). */
  isEmpty? (): boolean
  /** `wait`, as for take: an admin call that clears then lists shares one store timeout. */
  list (wait?: StoreWait): Promise<Fault[]>
  clear (wait?: StoreWait): Promise<void>
}

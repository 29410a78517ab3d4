import type { StoreWait } from '../platform/store-wait.js'

/** The longest delay a fault draws; a longer wait is a `hang`. */
export const MAX_DELAY_MS = 60_000

export const FAULT_KINDS = ['delay', 'status', 'drop', 'answer', 'hang', 'sequence'] as const
export type FaultKind = typeof FAULT_KINDS[number]

/** What one step of a sequence may do: any fault but a sequence, or `pass` (the normal answer). */
export const STEP_KINDS = ['delay', 'status', 'drop', 'answer', 'hang', 'pass'] as const

/** Statuses a `status` fault answers with, each with its catalogue entry (faults/fault-answers.ts). */
export const FAULT_STATUSES = [408, 429, 500, 502, 503, 504] as const
export type FaultStatus = typeof FAULT_STATUSES[number]

/** Catalogue answers an `answer` fault gives, by the journal's rule name for them. */
export const FAULT_ANSWERS = ['already_submitted', 'validation', 'api_key_missing', 'api_key_invalid'] as const
export type FaultAnswer = typeof FAULT_ANSWERS[number]

/** A random delay: fixed `ms`, uniform in [min, max], or lognormal by its median and sigma. */
export type DelayDistribution =
  | { distribution: 'fixed', ms: number }
  | { distribution: 'uniform', min: number, max: number }
  | { distribution: 'lognormal', median: number, sigma: number }

/** What a fault (or one step of a sequence) does to a request. */
export interface FaultAction {
  /** For `delay`: milliseconds before the real answer (a fixed delay). */
  delayMs?: number
  /** For `delay`: a distribution to draw each request's delay from. */
  delay?: DelayDistribution
  /** For `status`: the status to answer with, in the catalogue's envelope. */
  status?: FaultStatus
  /** For `status` 429 or 503: the Retry-After header, in seconds. */
  retryAfter?: number
  /** For `answer`: the catalogue response to give. */
  answer?: FaultAnswer
  /** For `answer: validation`: the field and the rule its error names. */
  parameter?: string
  rule?: string
}

export interface FaultStep extends FaultAction {
  kind: typeof STEP_KINDS[number]
}

/** A fault injected by a client team to test its retries and timeouts. */
export interface Fault extends FaultAction {
  id: string
  kind: FaultKind
  /** Only requests for this SID, or any request when null. */
  sid: string | null
  /** How many more requests it applies to; null: until cleared. */
  remaining: number | null
  /** For `sequence`: one step per request, in order (the fault's remaining count says which is next). */
  steps?: FaultStep[]
}

export type NewFault = Omit<Fault, 'id'>

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

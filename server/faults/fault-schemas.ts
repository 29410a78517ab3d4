import Type, { type Static } from 'typebox'
import { MAX_SID_LENGTH } from '../http/limits.js'

/**
 * What a fault is: its kinds and their vocabulary, the JSON Schemas of the faults' admin routes
 * (bodies are validated by them, and OpenAPI shows them), and the types the stores and the
 * injector use, derived from the schema of a stored fault.
 */

/** The longest delay a fault draws; a longer wait is a `hang`. */
export const MAX_DELAY_MS = 60_000

const FAULT_KINDS = ['delay', 'status', 'drop', 'answer', 'hang', 'sequence'] as const

/** What one step of a sequence may do: any fault but a sequence, or `pass` (the normal answer). */
const STEP_KINDS = ['delay', 'status', 'drop', 'answer', 'hang', 'pass'] as const

/** Statuses a `status` fault answers with, each with its catalogue entry (faults/fault-answers.ts). */
const FAULT_STATUSES = [408, 429, 500, 502, 503, 504] as const

/** Catalogue answers an `answer` fault gives, by the journal's rule name for them. */
export const FAULT_ANSWERS = ['already_submitted', 'validation', 'api_key_missing', 'api_key_invalid'] as const

const MAX_FAULT_TIMES = 10_000
/** A fault hits this many requests when the body does not say. */
export const DEFAULT_FAULT_TIMES = 1
const MAX_SEQUENCE_STEPS = 100
const MAX_RETRY_AFTER_S = 86_400

const DelaySchema = Type.Object({
  distribution: Type.Enum(['fixed', 'uniform', 'lognormal']),
  ms: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'fixed: the delay.' })),
  min: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'uniform: the shortest delay.' })),
  max: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'uniform: the longest delay.' })),
  median: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'lognormal: the median delay.' })),
  sigma: Type.Optional(Type.Number({ minimum: 0, maximum: 4, description: 'lognormal: the spread (the standard deviation of the delay\'s logarithm).' })),
}, { description: `For delay: a distribution each request's delay is drawn from (at most ${MAX_DELAY_MS} ms).` })

/** What a fault, or one step of a sequence, does; checked together by faults-routes.ts. */
const faultActionFields = {
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'For delay: milliseconds before the normal answer (a fixed delay).' })),
  delay: Type.Optional(DelaySchema),
  status: Type.Optional(Type.Enum([...FAULT_STATUSES], { description: 'For status: the status to answer with, in its catalogue envelope (500 by default).' })),
  retryAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RETRY_AFTER_S, description: 'For status 429 or 503: the Retry-After header, in seconds.' })),
  answer: Type.Optional(Type.Enum([...FAULT_ANSWERS], { description: 'For answer: the catalogue response to give, without touching the account.' })),
  parameter: Type.Optional(Type.String({ maxLength: 64, description: 'For answer validation: the field the validation error names.' })),
  rule: Type.Optional(Type.String({ maxLength: 64, description: 'For answer validation: the rule it failed (by default required, or the only rule of an optional field).' })),
}

const FaultStepSchema = Type.Object({ kind: Type.Enum([...STEP_KINDS]), ...faultActionFields })

/**
 * One flat object, not a union by kind: faults-routes.ts answers a body that lacks its kind's
 * fields in a sentence ("A delay fault needs delayMs or delay."), where a union would give Ajv's
 * anyOf errors, and the OpenAPI body keeps its fields at the top.
 */
export const FaultBodySchema = Type.Object({
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH, description: 'Only requests for this SID; any request of the namespace when absent.' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FAULT_TIMES, default: DEFAULT_FAULT_TIMES, description: 'How many requests it applies to.' })),
  untilCleared: Type.Optional(Type.Boolean({ description: 'Applies to every request until the faults are cleared (times is then ignored).' })),
  steps: Type.Optional(Type.Array(FaultStepSchema, { minItems: 1, maxItems: MAX_SEQUENCE_STEPS, description: 'For sequence: one step per request, in order; a step is any fault but a sequence, or pass.' })),
  ...faultActionFields,
})

/**
 * A fault's delay as it is stored and listed: exactly the fields of its distribution. A body's
 * `delay` is one flat object (DelaySchema) so that a missing field is answered in words by
 * faults-routes.ts, which then keeps only the distribution's own fields.
 */
const DelayDistributionSchema = Type.Union([
  Type.Object({ distribution: Type.Literal('fixed'), ms: Type.Integer() }),
  Type.Object({ distribution: Type.Literal('uniform'), min: Type.Integer(), max: Type.Integer() }),
  Type.Object({ distribution: Type.Literal('lognormal'), median: Type.Integer(), sigma: Type.Number() }),
], { description: 'For delay: the distribution each request\'s delay is drawn from.' })

/** What a stored fault, or one step of a sequence, does to a request. */
const FaultActionSchema = Type.Object({ ...faultActionFields, delay: Type.Optional(DelayDistributionSchema) })

const FaultStepOutSchema = Type.Object({ kind: Type.Enum([...STEP_KINDS]), ...FaultActionSchema.properties })

/** A fault injected by a client team to test its retries and timeouts. */
export const FaultSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Union([Type.String(), Type.Null()], { description: 'Only requests for this SID; null: any request of the namespace.' }),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'Requests it still applies to; null: until cleared.' }),
  ...FaultActionSchema.properties,
  steps: Type.Optional(Type.Array(FaultStepOutSchema, { description: 'For sequence: one step per request, in order (remaining says which is next).' })),
})

export const FaultListSchema = Type.Object({ faults: Type.Array(FaultSchema) })

export type FaultBody = Static<typeof FaultBodySchema>
export type FaultKind = typeof FAULT_KINDS[number]
export type FaultStatus = typeof FAULT_STATUSES[number]
export type FaultAnswer = typeof FAULT_ANSWERS[number]
export type DelayDistribution = Static<typeof DelayDistributionSchema>
export type FaultAction = Static<typeof FaultActionSchema>
export type FaultStep = Static<typeof FaultStepOutSchema>
export type Fault = Static<typeof FaultSchema>
export type NewFault = Omit<Fault, 'id'>

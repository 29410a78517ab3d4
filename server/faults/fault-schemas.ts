import Type, { type Static } from 'typebox'
import { FAULT_ANSWERS, FAULT_KINDS, FAULT_STATUSES, MAX_DELAY_MS, STEP_KINDS } from './fault-store.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

/** JSON Schemas of the faults' admin routes: their bodies are validated by them, and OpenAPI shows them. */

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

export const FaultBodySchema = Type.Object({
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH, description: 'Only requests for this SID; any request of the namespace when absent.' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FAULT_TIMES, default: DEFAULT_FAULT_TIMES, description: 'How many requests it applies to.' })),
  untilCleared: Type.Optional(Type.Boolean({ description: 'Applies to every request until the faults are cleared (times is then ignored).' })),
  steps: Type.Optional(Type.Array(FaultStepSchema, { minItems: 1, maxItems: MAX_SEQUENCE_STEPS, description: 'For sequence: one step per request, in order; a step is any fault but a sequence, or pass.' })),
  ...faultActionFields,
})

const FaultStepOutSchema = Type.Object({ kind: Type.Enum([...STEP_KINDS]), ...faultActionFields })

export const FaultSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Union([Type.String(), Type.Null()]),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'Requests it still applies to; null: until cleared.' }),
  ...faultActionFields,
  steps: Type.Optional(Type.Array(FaultStepOutSchema)),
})

export const FaultListSchema = Type.Object({ faults: Type.Array(FaultSchema) })

export type FaultBody = Static<typeof FaultBodySchema>

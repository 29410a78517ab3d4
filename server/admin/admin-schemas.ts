import Type, { type Static } from 'typebox'
import { ACCOUNT_STATES } from '../accounts/account-store.js'
import { FAULT_ANSWERS, FAULT_KINDS, FAULT_STATUSES, MAX_DELAY_MS, STEP_KINDS } from '../faults/fault-store.js'
import { MAX_JOURNAL_WAIT_MS } from '../journal/journal-wait.js'
import { ActivationSchema, ErrorEnvelopeSchema } from '../activation/activation-schemas.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

/** JSON Schemas of the admin API: its bodies are validated by them, and OpenAPI shows them. */

const MAX_FAULT_TIMES = 10_000
/** A fault hits this many requests when the body does not say. */
export const DEFAULT_FAULT_TIMES = 1
const MAX_SEQUENCE_STEPS = 100
const MAX_RETRY_AFTER_S = 86_400

export const SidParamsSchema = Type.Object({ sid: Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH }) })

export const SeedBodySchema = Type.Object({ state: Type.Enum([...ACCOUNT_STATES]) })

export const AccountSchema = Type.Object({
  sid: Type.String(),
  state: Type.Enum([...ACCOUNT_STATES]),
  activation: Type.Union([ActivationSchema, Type.Null()], { description: 'The activation request this account created, if it did.' }),
})

const MAX_ACCOUNTS_PAGE = 500

export const AccountsQuerySchema = Type.Object({
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'The `next` of the previous page.' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_ACCOUNTS_PAGE, default: 100 }),
})

export const AccountPageSchema = Type.Object({
  accounts: Type.Array(AccountSchema, { description: 'Accounts that are not fresh, ordered by SID.' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `after` for the next page; null on the last page.' }),
})

const StoreHealthSchema = Type.Object({
  backend: Type.Enum(['memory', 'redis']),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
})
export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'closing', 'unavailable']),
  store: Type.Optional(StoreHealthSchema),
})
export const ResetSchema = Type.Object({ status: Type.Literal('reset') })

export const RequestsQuerySchema = Type.Object({
  sid: Type.Optional(Type.String({ maxLength: 128 })),
  code: Type.Optional(Type.String({ maxLength: 16, description: 'An inner code (E413, E937, E401, I102) or an outer one: E939 finds every activation failure.' })),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 599, description: '0 finds dropped and hung requests.' })),
  rule: Type.Optional(Type.String({ maxLength: 64, description: 'The rule that decided the answer (required, integer, already_submitted, fault_status…).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only entries numbered after this seq: a poller passes the newest seq it has.' })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_JOURNAL_WAIT_MS, description: 'Milliseconds to wait for a matching entry when none is there yet: the answer comes as soon as one is journaled, or with no entries when the time is up.' })),
})

const CertificateDescriptionSchema = Type.Object({
  filename: Type.String(),
  declaredType: Type.String(),
  sniffedType: Type.Union([Type.String(), Type.Null()]),
  size: Type.Integer(),
  sha256: Type.String(),
})

const JournalEntrySchema = Type.Object({
  seq: Type.Integer(),
  time: Type.String({ format: 'date-time' }),
  method: Type.String(),
  path: Type.String(),
  sid: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Record(Type.String(), Type.String(), { description: 'The request headers by lower-case name, clipped; never api-key, authorization, proxy-authorization or cookie.' }),
  apiKey: Type.Object({ sent: Type.Boolean(), hash: Type.Union([Type.String(), Type.Null()], { description: 'The first 12 lower-case hex digits of the SHA-256 of the key\'s UTF-8 bytes, as sent (not trimmed).' }) }),
  fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Parsed fields, long values clipped; a file appears as its description.' }),
  certificate: Type.Union([CertificateDescriptionSchema, Type.Null()]),
  status: Type.Integer({ description: '0 when no answer was sent (a drop or hang fault).' }),
  durationMs: Type.Number({ description: 'From the request\'s arrival to its answer, in milliseconds.' }),
  code: Type.Union([Type.String(), Type.Null()]),
  rule: Type.Union([Type.String(), Type.Null()]),
  parameter: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  unnamedFiles: Type.Optional(Type.Array(Type.Object({ name: Type.String(), size: Type.Integer() }), { description: 'File parts with bytes but no filename, which PHP drops as no file; only when there were some.' })),
  fault: Type.Optional(Type.Object({
    id: Type.String(),
    kind: Type.String(),
    step: Type.Optional(Type.Integer({ description: 'For a sequence: the step this request got, from 1.' })),
    steps: Type.Optional(Type.Integer()),
    retryAfter: Type.Optional(Type.Integer({ description: 'The Retry-After it answered with, in seconds.' })),
    did: Type.String({ description: 'What the fault did: "answered 503 E503 with Retry-After: 1", "delayed the answer by 153 ms".' }),
  }, { description: 'Only when an injected fault acted on the request.' })),
})

export const JournalPageSchema = Type.Object({
  entries: Type.Array(JournalEntrySchema, { description: 'Newest first.' }),
  total: Type.Integer(),
  dropped: Type.Integer(),
  capacity: Type.Integer(),
})

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
  rule: Type.Optional(Type.String({ maxLength: 64, description: 'For answer validation: the rule it failed (the field\'s first rule by default).' })),
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

/** Error responses are the mock's own envelope, built by the catalogue. */
export const AdminErrorSchema = ErrorEnvelopeSchema

export type SeedBody = Static<typeof SeedBodySchema>
export type FaultBody = Static<typeof FaultBodySchema>
export type RequestsQuery = Static<typeof RequestsQuerySchema>
export type AccountsQuery = Static<typeof AccountsQuerySchema>

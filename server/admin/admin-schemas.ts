import Type, { type Static } from 'typebox'
import { ACCOUNT_STATES } from '../accounts/account-store.js'
import { FAULT_KINDS } from '../faults/fault-store.js'
import { ActivationSchema, ErrorEnvelopeSchema } from '../activation/activation-schemas.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

/** JSON Schemas of the admin API: its bodies are validated by them, and OpenAPI shows them. */

const MAX_FAULT_TIMES = 10_000
/** A fault hits this many requests when the body does not say. */
export const DEFAULT_FAULT_TIMES = 1
const MAX_DELAY_MS = 60_000

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
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only entries numbered after this seq: a poller passes the newest seq it has.' })),
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
  apiKey: Type.Object({ sent: Type.Boolean(), hash: Type.Union([Type.String(), Type.Null()], { description: 'First 12 hex digits of the key\'s SHA-256.' }) }),
  fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Parsed fields, long values clipped; a file appears as its description.' }),
  certificate: Type.Union([CertificateDescriptionSchema, Type.Null()]),
  status: Type.Integer({ description: '0 when the connection was dropped by a fault.' }),
  code: Type.Union([Type.String(), Type.Null()]),
  rule: Type.Union([Type.String(), Type.Null()]),
  parameter: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

export const JournalPageSchema = Type.Object({
  entries: Type.Array(JournalEntrySchema, { description: 'Newest first.' }),
  total: Type.Integer(),
  dropped: Type.Integer(),
  capacity: Type.Integer(),
})

export const FaultBodySchema = Type.Object({
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH, description: 'Only requests for this SID; any request when absent.' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FAULT_TIMES, default: DEFAULT_FAULT_TIMES, description: 'How many requests it applies to.' })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'For delay: milliseconds before the normal answer.' })),
  status: Type.Optional(Type.Enum([500, 503], { description: 'For status: the status to answer with (500 by default).' })),
})

export const FaultSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Union([Type.String(), Type.Null()]),
  remaining: Type.Integer(),
  delayMs: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Enum([500, 503])),
})

export const FaultListSchema = Type.Object({ faults: Type.Array(FaultSchema) })

/** Error responses are the mock's own envelope, built by the catalogue. */
export const AdminErrorSchema = ErrorEnvelopeSchema

export type SeedBody = Static<typeof SeedBodySchema>
export type FaultBody = Static<typeof FaultBodySchema>
export type RequestsQuery = Static<typeof RequestsQuerySchema>
export type AccountsQuery = Static<typeof AccountsQuerySchema>

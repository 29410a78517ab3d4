import Type, { type Static } from 'typebox'
import { MAX_JOURNAL_WAIT_MS } from './journal-wait.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

/** JSON Schemas of the journal's admin route: its query is validated by them, and OpenAPI shows them. */

export const RequestsQuerySchema = Type.Object({
  sid: Type.Optional(Type.String({ maxLength: MAX_SID_LENGTH })),
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

/** What an injected fault did to one request, as the journal shows it. */
const FaultNoteSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  step: Type.Optional(Type.Integer({ description: 'For a sequence: the step this request got, from 1.' })),
  steps: Type.Optional(Type.Integer()),
  retryAfter: Type.Optional(Type.Integer({ description: 'The Retry-After it answered with, in seconds.' })),
  did: Type.String({ description: 'What the fault did: "answered 503 E503 with Retry-After: 1", "delayed the answer by 153 ms".' }),
}, { description: 'Only when an injected fault acted on the request.' })

/**
 * What the journal keeps of one request: never the certificate bytes, never the api-key. The
 * journal's types below are derived from these schemas, which the admin route validates and
 * OpenAPI shows. `seq` increases across the whole journal (and across replicas sharing one);
 * `rule` is the rule that decided the answer ("integer", "already_submitted"), `parameter` the
 * field a validation error names.
 */
export const JournalEntrySchema = Type.Object({
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
  unnamedFiles: Type.Optional(Type.Array(Type.Object({ name: Type.String(), size: Type.Integer() }), { description: 'File parts with bytes but an empty filename, which PHP takes as no file; only when there were some.' })),
  fault: Type.Optional(FaultNoteSchema),
})

export const JournalPageSchema = Type.Object({
  entries: Type.Array(JournalEntrySchema, { description: 'Newest first.' }),
  total: Type.Integer({
    description: 'Entries matching the filter, whatever the limit. Without a sid, code, status or rule filter: every request since the last clear, '
      + 'dropped ones included (`since` aside, so a poller sees a clear as a total below its last seq). With one: the matching entries the journal '
      + 'still holds, after `since` when given (a dropped entry is not kept, so `dropped` > 0 means older ones may be missing).',
  }),
  dropped: Type.Integer({ description: 'Entries of any SID pushed out by the bound since the last clear.' }),
  capacity: Type.Integer({ description: 'How many entries the journal keeps.' }),
})

export type RequestsQuery = Static<typeof RequestsQuerySchema>
export type CertificateDescription = Static<typeof CertificateDescriptionSchema>
export type FaultNote = Static<typeof FaultNoteSchema>
export type JournalEntry = Static<typeof JournalEntrySchema>
export type JournalPage = Static<typeof JournalPageSchema>

import Type, { type Static } from 'typebox'

/** JSON Schemas of the journal's admin route: its query is validated by them, and OpenAPI shows them. */

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

export type RequestsQuery = Static<typeof RequestsQuerySchema>

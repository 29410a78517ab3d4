import Type, { type Static } from 'typebox'

/** What the client report says (GET /__admin/report): its JSON Schema, and the types derived from it. */

export const FINDING_KINDS = [
  'retried_after_already_submitted',
  'repeated_rejected_request',
  'concurrent_submissions',
  'retry_without_backoff',
  'certificate_type_mismatch',
  'missing_filename',
  'text_certificate',
] as const

export const SEVERITIES = ['warning', 'error'] as const

const FindingSchema = Type.Object({
  kind: Type.Enum([...FINDING_KINDS]),
  severity: Type.Enum([...SEVERITIES]),
  sid: Type.Union([Type.String(), Type.Null()]),
  seqs: Type.Array(Type.Integer(), { description: 'The journal entries it is about, oldest first.' }),
  message: Type.String({ description: 'What the client did and what to do instead, in a sentence.' }),
})

export const ReportSchema = Type.Object({
  findings: Type.Array(FindingSchema, { description: 'Ordered by their first entry; empty for a well-behaved client.' }),
  analysed: Type.Integer({ description: 'Journal entries read (the journal keeps the newest MOCK_JOURNAL_SIZE).' }),
  dropped: Type.Integer({ description: 'Entries pushed out of the journal before the report, so not analysed.' }),
  gapMs: Type.Integer(),
})

export type Severity = typeof SEVERITIES[number]
export type Finding = Static<typeof FindingSchema>
export type Report = Static<typeof ReportSchema>

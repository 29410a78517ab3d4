import Type, { type Static } from 'typebox'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { JournalEntrySchema, JournalPageSchema } from '../journal/journal-schemas.js'

/** The JSON Schema of what the inspector's page polls (GET /__admin/ui/requests); the page's types are derived from it. */

const ExplanationSchema = Type.Object({
  summary: Type.String({ description: 'The rule and parameter in a few words, for the list; empty for an entry with nothing to explain.' }),
  sentence: Type.String({ description: 'The summary and why the rule decided so, in one sentence.' }),
  certificateMismatch: Type.Union([Type.String(), Type.Null()], { description: '"named .png, bytes are GIF" when the certificate\'s name or declared type disagrees with its bytes.' }),
  envelope: Type.Union([ErrorEnvelopeSchema, Type.Null()], {
    description: 'The error envelope the response carried, rebuilt from the catalogue; null for a success (its body is the account\'s activation) and for an error whose detail the journal does not keep.',
  }),
  outerCode: Type.Union([Type.String(), Type.Null()], { description: 'The envelope\'s outer code (E939 for E413 and E937; the same as `code` otherwise), or null with no code.' }),
}, { additionalProperties: false })

/** A journal entry with what the inspector says about it. */
const ExplainedEntrySchema = Type.Object({ ...JournalEntrySchema.properties, explanation: ExplanationSchema })

export const InspectorPageSchema = Type.Object({ ...JournalPageSchema.properties, entries: Type.Array(ExplainedEntrySchema, { description: 'Newest first.' }) })

export type ExplainedEntry = Static<typeof ExplainedEntrySchema>
export type InspectorPage = Static<typeof InspectorPageSchema>

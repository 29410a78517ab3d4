import type { ErrorEnvelope } from '../http/error-envelope.js'
import { envelopeOf, ERRORS, type ErrorName } from '../http/errors.js'
import { isRuleName, ruleMessage } from '../activation/activation-rules.js'
import type { JournalEntry } from '../journal/journal.js'
import type { ExplainedEntry } from './inspector-schemas.js'
import { certificateNote, explainRule } from './rule-sentences.js'

function isErrorName (name: string): name is ErrorName {
  return Object.hasOwn(ERRORS, name)
}

/** The envelope, through the catalogue's one builder, when the entry says all it depends on. */
function rebuiltEnvelope (entry: JournalEntry): ErrorEnvelope | null {
  const { rule, parameter } = entry
  if (rule === null) return null
  if (entry.code === ERRORS.VALIDATION.errorCode && isRuleName(rule) && typeof parameter === 'string') {
    return envelopeOf({ errorName: 'VALIDATION', failure: { parameter, message: ruleMessage(rule, parameter) } })
  }
  const name = rule.toUpperCase()
  if (!isErrorName(name) || name === 'VALIDATION') return null
  // A message with a {detail} needs what the handler filled in, which the journal does not keep.
  if ((ERRORS[name].errorMessage as string).includes('{detail}')) return null
  return envelopeOf({ errorName: name })
}

/** The outer code of the catalogue entry whose inner code the journal kept; a success's code is both. */
function outerCodeOf (code: string | null): string | null {
  if (code === null) return null
  return Object.values(ERRORS).find((error) => error.errorCode === code)?.code ?? code
}

export function explainEntry (entry: JournalEntry): ExplainedEntry {
  return {
    ...entry,
    explanation: {
      ...explainRule(entry),
      certificateMismatch: entry.certificate === null ? null : certificateNote(entry.certificate),
      envelope: rebuiltEnvelope(entry),
      outerCode: outerCodeOf(entry.code),
    },
  }
}

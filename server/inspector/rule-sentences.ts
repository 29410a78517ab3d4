import type { CertificateDescription, JournalEntry } from '../journal/journal.js'
import { isRuleName, RULES, type RuleSubject } from '../activation/activation-rules.js'
import type { ExplainedEntry } from './inspector-schemas.js'

/** What a sentence may quote from the journal entry it explains. */
interface RuleContext {
  sid: string | null
  contentType: string | null
}

/**
 * What the inspector says about a rule: a short summary for the request list, and why, which
 * the detail adds after it ("business_id `1.0` is not an integer by PHP's rule: …").
 */
interface RuleWords {
  summary: (context: RuleContext) => string
  why?: string
}

/**
 * One entry per rule the journal names besides the activation's validation rules (whose words are
 * in activation/activation-rules.ts): the error catalogue's names in lower case, and the fault injector's.
 */
const RULE_WORDS: Readonly<Record<string, RuleWords>> = {
  already_submitted: {
    summary: ({ sid }) => `Account ${sid ?? ''} has already submitted an activation request`,
    why: 'each account gets one; reset the account to try again',
  },
  api_key_missing: { summary: () => 'No api-key header was sent', why: 'the endpoint needs the account\'s API key' },
  api_key_invalid: { summary: ({ sid }) => `The api-key sent is not one accepted for account ${sid ?? ''}` },
  malformed_body: { summary: ({ contentType }) => `The body could not be read as its Content-Type (${contentType ?? 'none'}) says` },
  unsupported_media_type: {
    summary: ({ contentType }) => `The Content-Type ${contentType ?? '(none)'} is not accepted`,
    why: 'the endpoint reads multipart/form-data, application/json and application/x-www-form-urlencoded',
  },
  payload_too_large: { summary: () => 'The body is larger than the mock\'s size limit' },
  route_not_found: { summary: () => 'No route matches this method and path' },
  method_not_allowed: { summary: () => 'The path exists, but not for this method' },
  request_timeout: { summary: () => 'The request was not received in full within the time limit' },
  headers_too_large: { summary: () => 'The request headers exceed the size limit' },
  internal: { summary: () => 'The mock failed to handle the request', why: 'a bug; its log has the details' },
  service_unavailable: { summary: () => 'The mock could not serve the request', why: 'it is shutting down, or its state store is unreachable' },
  fault_status: { summary: () => 'A status fault answered this request', why: 'it was added on the Faults tab or with POST /__admin/faults' },
  fault_drop: { summary: () => 'A drop fault cut the connection', why: 'no response was sent' },
  fault_answer: { summary: () => 'An answer fault gave this catalogue response', why: 'the account was not touched; the fault was added on the Faults tab or with POST /__admin/faults' },
  fault_hang: { summary: () => 'A hang fault held the request unanswered', why: 'until the client gave up, the request timeout passed or the mock shut down; nothing was sent' },
}

function sniffed (certificate: CertificateDescription): string {
  return certificate.sniffedType === null ? 'of no known type' : certificate.sniffedType.toUpperCase()
}

/** jpeg and jpg are one type to the `mimes` rule. */
function normalType (type: string): string {
  const lower = type.toLowerCase()
  return lower === 'jpeg' ? 'jpg' : lower
}

/**
 * "named .png, bytes are GIF" when the file's name or declared type says something its bytes do
 * not; null when they agree.
 */
export function certificateNote (certificate: CertificateDescription): string | null {
  const dot = certificate.filename.lastIndexOf('.')
  const extension = dot === -1 ? null : normalType(certificate.filename.slice(dot + 1))
  const slash = certificate.declaredType.indexOf('/')
  const declared = slash === -1 ? null : normalType(certificate.declaredType.slice(slash + 1).split(';', 1)[0].trim())
  const actual = certificate.sniffedType === null ? null : normalType(certificate.sniffedType)
  const claims: string[] = []
  if (extension !== null && extension !== actual) claims.push(`named .${extension}`)
  if (declared !== null && declared !== actual) claims.push(`declared ${certificate.declaredType}`)
  return claims.length === 0 ? null : `${claims.join(', ')}, bytes are ${sniffed(certificate)}`
}

/** The part of an entry's explanation the rule's words make (inspector-schemas.ts says what each is). */
type RuleExplanation = Pick<ExplainedEntry['explanation'], 'summary' | 'sentence'>

/** What a validation rule's words may quote: the field, its value as the journal kept it, and the certificate. */
function subjectOf (entry: JournalEntry): RuleSubject {
  const parameter = entry.parameter ?? ''
  const raw = Object.hasOwn(entry.fields, parameter) ? entry.fields[parameter] : undefined
  const value = raw === undefined ? undefined : typeof raw === 'string' ? raw : JSON.stringify(raw)
  const { certificate } = entry
  return { parameter, value, certificate: certificate === null ? null : certificateNote(certificate) ?? `${sniffed(certificate)} by its bytes` }
}

function sentenceOf (summary: string, why: string | undefined): RuleExplanation {
  return { summary, sentence: why === undefined ? `${summary}.` : `${summary}: ${why}.` }
}

/** What an entry's rule means, in words; plain ones for a success or a rule no table has. */
export function explainRule (entry: JournalEntry): RuleExplanation {
  if (entry.rule === null) {
    const summary = entry.code === 'I102' ? 'Accepted: the activation request was created' : ''
    return { summary, sentence: summary === '' ? '' : `${summary}.` }
  }
  if (isRuleName(entry.rule)) {
    const rule = RULES[entry.rule]
    return sentenceOf(rule.summary(subjectOf(entry)), rule.why)
  }
  const words = Object.hasOwn(RULE_WORDS, entry.rule) ? RULE_WORDS[entry.rule] : undefined
  if (words === undefined) return { summary: `Rejected by the rule ${entry.rule}`, sentence: `Rejected by the rule ${entry.rule}.` }
  return sentenceOf(words.summary({ sid: entry.sid, contentType: entry.contentType }), words.why)
}

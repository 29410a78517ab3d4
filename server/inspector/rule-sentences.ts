import type { CertificateDescription, JournalEntry } from '../journal/journal.js'
import { ALLOWED_CERTIFICATE_TYPES, MAX_TEXT_LENGTH } from '../activation/validate-activation.js'

/** What a sentence may quote from the journal entry it explains. */
export interface RuleContext {
  sid: string | null
  parameter: string
  /** The field's value as the journal kept it (clipped), or undefined when it was not sent. */
  value: string | undefined
  certificate: CertificateDescription | null
  contentType: string | null
}

type Sentence = (context: RuleContext) => string

const quoted = (value: string | undefined): string => (value === undefined ? 'absent' : `\`${value}\``)
const allowed = [...ALLOWED_CERTIFICATE_TYPES].map((type) => type.toUpperCase()).join(', ')

/**
 * One sentence per rule the journal names (server/activation/validate-activation.ts, the error
 * catalogue's names in lower case, and the fault injector's), written once for the inspector.
 */
export const RULE_SENTENCES: Readonly<Record<string, Sentence>> = {
  required: ({ parameter, value }) => `${parameter} is ${value === undefined ? 'missing' : `${quoted(value)}, which is blank`}: Laravel's \`required\` rule fails an absent field, null, an empty array and a string that is empty after PHP's trim().`,
  string: ({ parameter }) => `${parameter} is not text: Laravel's \`string\` rule fails a JSON number, boolean, array or object.`,
  maxLength: ({ parameter }) => `${parameter} is longer than ${MAX_TEXT_LENGTH} characters: Laravel's \`max:${MAX_TEXT_LENGTH}\` counts characters (code points) after PHP's trim(), not bytes.`,
  phoneNumber: ({ parameter, value }) => `${parameter} ${quoted(value)} is not a valid E.164 number: a plus sign, a country code and a number valid by libphonenumber's metadata, with no spaces or punctuation.`,
  integer: ({ parameter, value }) => `${parameter} ${quoted(value)} is not an integer by PHP's rule: FILTER_VALIDATE_INT takes an optional sign and digits without a leading zero within 64 bits, so \`1.0\`, \`1e3\` and \`0123\` fail.`,
  url: ({ parameter, value }) => `${parameter} ${quoted(value)} is not an absolute http or https URL with a host, which Laravel's \`url\` rule requires when the field is given.`,
  certificateType: ({ parameter, certificate }) => `${parameter} must be a ${allowed} file judged by its bytes (Laravel's \`mimes\` rule asks PHP's finfo, not the name or the declared type)${certificate === null ? ', and no file part was sent' : `; ${certificateNote(certificate) ?? `its bytes are ${sniffed(certificate)}`}`}.`,
  uploadFailed: ({ parameter }) => `${parameter} is larger than the upload limit, so PHP discards the file and Laravel reports the upload as failed.`,
  already_submitted: ({ sid }) => `Account ${sid ?? ''} has already submitted an activation request, and each account gets one: reset the account to try again.`,
  api_key_missing: () => 'No api-key header was sent; the endpoint needs the account\'s API key.',
  api_key_invalid: ({ sid }) => `The api-key sent is not one accepted for account ${sid ?? ''}.`,
  malformed_body: ({ contentType }) => `The body could not be read as its Content-Type (${contentType ?? 'none'}) says.`,
  unsupported_media_type: ({ contentType }) => `The Content-Type ${contentType ?? '(none)'} is not multipart/form-data, application/json or application/x-www-form-urlencoded.`,
  payload_too_large: () => 'The body is larger than the mock\'s size limit.',
  route_not_found: () => 'No route matches this method and path.',
  method_not_allowed: () => 'The path exists, but not for this method.',
  request_timeout: () => 'The request was not received in full within the time limit.',
  headers_too_large: () => 'The request headers exceed the size limit.',
  internal: () => 'The mock failed to handle the request (a bug: its log has the details).',
  service_unavailable: () => 'The mock could not serve the request (shutting down, or its state store is unreachable).',
  fault_status: () => 'A status fault (Faults) answered this request instead of the endpoint.',
  fault_drop: () => 'A drop fault (Faults) cut the connection: no response was sent.',
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

/** The sentence for an entry's rule, or a plain one for an unknown rule or a success. */
export function ruleSentence (entry: JournalEntry): string {
  if (entry.rule === null) return entry.code === 'I102' ? 'Accepted: the activation request was created.' : ''
  const sentence = RULE_SENTENCES[entry.rule]
  const parameter = entry.parameter ?? ''
  const raw = Object.hasOwn(entry.fields, parameter) ? entry.fields[parameter] : undefined
  const value = raw === undefined ? undefined : typeof raw === 'string' ? raw : JSON.stringify(raw)
  const context = { sid: entry.sid, parameter, value, certificate: entry.certificate, contentType: entry.contentType }
  return sentence === undefined ? `Rejected by the rule ${entry.rule}.` : sentence(context)
}

import { UploadedFile } from '../http/multipart/uploaded-file.js'
import { characterCount, isPhpInteger, isPresent, type PhoneParser } from './field-rules.js'
import { isLaravelUrl } from './laravel-url.js'

/**
 * The activation's validation, written once: each rule's E413 message, what the inspector says
 * about it, and each field in the documentation's order with its checks in the order they run.
 * validate-activation.ts runs the checks, the inspector quotes the words, the OpenAPI describes
 * the fields, the fault injector answers with the messages, and the parity suite's Laravel reads
 * the messages as its language lines. A failure's envelope is the catalogue's VALIDATION
 * entry (http/errors.ts) filled with the field and the rule's message.
 */

/** Laravel's `max:255` on the text fields, in characters (code points) after trim(). */
export const MAX_TEXT_LENGTH = 255

/** What the documentation's `mimes:jpeg,jpg,pdf,png` accepts, by sniffed type (jpeg and jpg are one type). */
export const CERTIFICATE_TYPES: readonly string[] = ['png', 'jpg', 'pdf']
const CERTIFICATE_TYPE_SET: ReadonlySet<string> = new Set(CERTIFICATE_TYPES)

/** "PNG, JPG or PDF". */
export const CERTIFICATE_TYPES_IN_WORDS = ((types: string[]) => `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`)(
  CERTIFICATE_TYPES.map((type) => type.toUpperCase()),
)

/** What the inspector may quote about the field a rule failed. */
export interface RuleSubject {
  parameter: string
  /** The field's value as the journal kept it (clipped), or undefined when it was not sent. */
  value: string | undefined
  /** What the certificate is, in words ("GIF by its bytes", "named .png, bytes are GIF"), or null when no file was sent. */
  certificate: string | null
}

interface Rule {
  /** The E413 message as a Laravel language line: `:attribute` is the field, `:max` the text limit. */
  message: string
  /** Whether the vendor documentation shows the message's wording (for some field), or it is Laravel's, inferred. */
  source: 'documented' | 'inferred'
  /** A few words for the inspector's request list. */
  summary: (subject: RuleSubject) => string
  /** Why the rule decided so, which the inspector's detail adds after the summary. */
  why: string
}

const quoted = (value: string | undefined): string => (value === undefined ? 'absent' : `\`${value}\``)

export const RULES = {
  required: {
    message: ':attribute field is required and cannot be empty.',
    source: 'documented',
    summary: ({ parameter, value }) => `${parameter} is ${value === undefined ? 'missing' : `${quoted(value)}, which is blank`}`,
    why: 'Laravel\'s `required` rule fails an absent field, null, an empty array and a string that is empty after PHP\'s trim()',
  },
  string: {
    message: 'The :attribute must be a string.',
    source: 'inferred',
    summary: ({ parameter }) => `${parameter} is not text`,
    why: 'Laravel\'s `string` rule fails a JSON number, boolean, array or object',
  },
  maxLength: {
    message: 'The :attribute must not be greater than :max characters.',
    source: 'inferred',
    summary: ({ parameter }) => `${parameter} is longer than ${MAX_TEXT_LENGTH} characters`,
    why: `Laravel's \`max:${MAX_TEXT_LENGTH}\` counts characters (code points) after PHP's trim(), not bytes`,
  },
  phoneNumber: {
    message: 'The :attribute must be a valid phone number in E.164 format.',
    source: 'inferred',
    summary: ({ parameter, value }) => `${parameter} ${quoted(value)} is not a valid E.164 number`,
    why: 'that is a plus sign, a country code and a number valid by libphonenumber\'s metadata, with no spaces or punctuation',
  },
  integer: {
    message: 'The :attribute must be an integer.',
    source: 'inferred',
    summary: ({ parameter, value }) => `${parameter} ${quoted(value)} is not an integer by PHP's rule`,
    why: 'FILTER_VALIDATE_INT takes an optional sign and digits without a leading zero within 64 bits, so `1.0`, `1e3` and `0123` fail',
  },
  url: {
    message: 'The :attribute must be a valid URL.',
    source: 'inferred',
    summary: ({ parameter, value }) => `${parameter} ${quoted(value)} is not an absolute http or https URL`,
    why: 'Laravel\'s `url` rule needs a scheme and a host when the field is given',
  },
  certificateType: {
    message: 'The :attribute must be a file of type: jpeg,jpg,pdf,png.',
    source: 'documented',
    summary: ({ parameter, certificate }) => certificate === null ? `${parameter} is not a file` : `${parameter} is ${certificate}, not ${CERTIFICATE_TYPES_IN_WORDS}`,
    why: `Laravel's \`mimes\` rule judges the file by its bytes (PHP's finfo), not by its name or declared type, and takes ${CERTIFICATE_TYPES_IN_WORDS}`,
  },
  uploadFailed: {
    message: 'The :attribute failed to upload.',
    source: 'inferred',
    summary: ({ parameter }) => `${parameter} is larger than the upload limit`,
    why: 'PHP discards such a file and Laravel reports the upload as failed',
  },
} satisfies Record<string, Rule>

export type RuleName = keyof typeof RULES

export function isRuleName (name: string): name is RuleName {
  return Object.hasOwn(RULES, name)
}

/** The E413 message of a rule for a field, as the validator and a fault send it. */
export function ruleMessage (rule: RuleName, field: string): string {
  return RULES[rule].message.replace(':max', String(MAX_TEXT_LENGTH)).replace(':attribute', () => field)
}

/** One check of a field: true when the (trimmed, for a trimmed field) value fails it. */
interface Check {
  rule: RuleName
  fails: (value: unknown, parsePhone: PhoneParser) => boolean
}

interface FieldRules {
  name: string
  /** A file part, or a text value (in any of the three body types). */
  kind: 'text' | 'file'
  /** For the OpenAPI document. */
  description: string
  /** Laravel's TrimStrings middleware trims it before any rule runs. */
  trimmed: boolean
  /** Run in order; the first that fails is the answer. */
  checks: readonly Check[]
}

/**
 * Laravel checks an upload before any rule: a file PHP could not take whole fails as "failed to
 * upload" under any field with a required or file rule, so under every field but incoming_url.
 */
const uploadFailed: Check = { rule: 'uploadFailed', fails: (value) => value instanceof UploadedFile && value.uploadFailed }
const required: Check = { rule: 'required', fails: (value) => !isPresent(value) }
const string: Check = { rule: 'string', fails: (value) => typeof value !== 'string' }
const maxLength: Check = { rule: 'maxLength', fails: (value) => typeof value === 'string' && characterCount(value) > MAX_TEXT_LENGTH }
const text = [uploadFailed, required, string, maxLength]

/** The fields in the documentation's order; the first failing check of the first failing field is the answer. */
export const ACTIVATION_FIELDS: readonly FieldRules[] = [
  {
    name: 'display_name',
    kind: 'text',
    description: `Display name of the WhatsApp business profile, at most ${MAX_TEXT_LENGTH} characters.`,
    trimmed: true,
    checks: text,
  },
  {
    name: 'wa_number',
    kind: 'text',
    description: 'The number to register, in E.164 format.',
    trimmed: true,
    checks: [uploadFailed, required, { rule: 'phoneNumber', fails: (value, parsePhone) => parsePhone(value) === undefined }],
  },
  {
    name: 'business_id',
    kind: 'text',
    description: 'Facebook Business Manager id, an integer.',
    trimmed: false,
    checks: [uploadFailed, required, { rule: 'integer', fails: (value) => !isPhpInteger(value) }],
  },
  {
    name: 'business_name',
    kind: 'text',
    description: `Legal business name, at most ${MAX_TEXT_LENGTH} characters.`,
    trimmed: true,
    checks: text,
  },
  {
    name: 'business_certificate',
    kind: 'file',
    description: `A ${CERTIFICATE_TYPES_IN_WORDS} file, judged by its bytes.`,
    trimmed: false,
    checks: [
      // A file input left empty arrives as PHP's "no file", which Laravel sees as null.
      { rule: 'required', fails: (value) => value instanceof UploadedFile ? value.isNoFile : !isPresent(value) },
      uploadFailed,
      {
        rule: 'certificateType',
        fails: (value) => !(value instanceof UploadedFile) || value.sniffedType === undefined || !CERTIFICATE_TYPE_SET.has(value.sniffedType),
      },
    ],
  },
  {
    name: 'incoming_url',
    kind: 'text',
    description: 'An http(s) URL for incoming messages.',
    trimmed: true,
    // `nullable|url`: only a given value is checked.
    checks: [{ rule: 'url', fails: (value) => isPresent(value) && (typeof value !== 'string' || !isLaravelUrl(value)) }],
  },
]

/** Whether the field is one the request must carry (it has a `required` check). */
export function isRequiredField (field: FieldRules): boolean {
  return field.checks.some((check) => check.rule === 'required')
}

import type { ValidationFailure } from '../http/errors.js'
import { ACTIVATION_FIELDS, ruleMessage, type RuleName } from './activation-rules.js'
import { phpIntegerString, type PhoneParser, type PhoneInfo, phpTrim } from './field-rules.js'
import type { UploadedFile } from '../http/multipart/uploaded-file.js'

export interface ValidActivation {
  displayName: string
  waNumber: string
  isoCode: string
  businessId: string
  businessName: string
  incomingUrl: string
  certificate: UploadedFile
}

type Failure = { ok: false, failure: ValidationFailure, rule: RuleName }

export type ValidationResult =
  | { ok: true, value: ValidActivation }
  | Failure

type Fields = Readonly<Record<string, unknown>>

function trimmed (value: unknown): unknown {
  return typeof value === 'string' ? phpTrim(value) : value
}

/** Each field's checks with the answer each gives, built once: a failure costs no allocation. */
const FIELDS = ACTIVATION_FIELDS.map(({ name, trimmed, checks }) => ({
  name,
  trimmed,
  checks: checks.map(({ rule, fails }) => ({
    fails,
    failure: Object.freeze<Failure>({ ok: false, failure: Object.freeze({ parameter: name, message: ruleMessage(rule, name) }), rule }),
  })),
}))

/** Where each field's checked value is in the list the validator keeps. */
const AT: Readonly<Record<string, number>> = Object.fromEntries(FIELDS.map(({ name }, index) => [name, index]))

/**
 * Returns the first failing rule in the documentation's field order (activation-rules.ts), or the
 * normalised request. Pure: it knows nothing of HTTP, the certificate arrives already sniffed, and
 * the phone parser (parseE164, or the app's memoised one from createPhoneParser) is handed in.
 */
export function validateActivation (fields: Fields, parsePhone: PhoneParser): ValidationResult {
  const values: unknown[] = []
  for (const field of FIELDS) {
    const value = field.trimmed ? trimmed(fields[field.name]) : fields[field.name]
    for (const check of field.checks) {
      if (check.fails(value, parsePhone)) return check.failure
    }
    values.push(value)
  }
  // Every check passed: the phone number parses, and the certificate is a file.
  const phone = parsePhone(values[AT.wa_number]) as PhoneInfo
  const incomingUrl = values[AT.incoming_url]
  return {
    ok: true,
    value: {
      displayName: values[AT.display_name] as string,
      waNumber: phone.e164,
      isoCode: phone.isoCode,
      businessId: phpIntegerString(values[AT.business_id]),
      businessName: values[AT.business_name] as string,
      incomingUrl: typeof incomingUrl === 'string' ? incomingUrl : '',
      certificate: values[AT.business_certificate] as UploadedFile,
    },
  }
}

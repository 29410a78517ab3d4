import type { ValidationFailure } from '../http/errors.js'
import { VALIDATION_MESSAGES as MSG } from './validation-messages.js'
import { characterCount, isPhpInteger, isPresent, phpIntegerString, type PhoneParser, phpTrim } from './field-rules.js'
import { UploadedFile } from '../http/multipart/uploaded-file.js'
import { isLaravelUrl } from './laravel-url.js'

/** What the documentation's `mimes:jpeg,jpg,pdf,png` rule accepts, by sniffed extension. */
export const ALLOWED_CERTIFICATE_TYPES: ReadonlySet<string> = new Set(['png', 'jpg', 'pdf'])
export const MAX_TEXT_LENGTH = 255

export interface ValidActivation {
  displayName: string
  waNumber: string
  isoCode: string
  businessId: string
  businessName: string
  incomingUrl: string
  certificate: UploadedFile
}

export type ValidationResult =
  | { ok: true, value: ValidActivation }
  | { ok: false, failure: ValidationFailure, rule: string }

type Fields = Readonly<Record<string, unknown>>

function fail (parameter: string, rule: keyof typeof MSG, message: string): ValidationResult {
  return { ok: false, failure: { parameter, message }, rule }
}

function trimmed (value: unknown): unknown {
  return typeof value === 'string' ? phpTrim(value) : value
}

/**
 * Laravel checks an upload before any rule: a file PHP could not take whole fails as "failed to
 * upload" under any field with a required or file rule, so under every field but incoming_url.
 */
function uploadFailure (field: string, value: unknown): ValidationResult | undefined {
  return value instanceof UploadedFile && value.uploadFailed ? fail(field, 'uploadFailed', MSG.uploadFailed(field)) : undefined
}

function textFailure (field: string, value: unknown): ValidationResult | undefined {
  const upload = uploadFailure(field, value)
  if (upload) return upload
  if (!isPresent(value)) return fail(field, 'required', MSG.required(field))
  if (typeof value !== 'string') return fail(field, 'string', MSG.string(field))
  if (characterCount(value) > MAX_TEXT_LENGTH) return fail(field, 'maxLength', MSG.maxLength(field, MAX_TEXT_LENGTH))
  return undefined
}

/**
 * Returns the first failing rule in the documentation's field order, or the normalised
 * request. Pure: it knows nothing of HTTP, the certificate arrives already sniffed, and the
 * phone parser (parseE164, or the app's memoised one from createPhoneParser) is handed in.
 */
export function validateActivation (fields: Fields, parsePhone: PhoneParser): ValidationResult {
  const displayName = trimmed(fields.display_name)
  const displayNameFailure = textFailure('display_name', displayName)
  if (displayNameFailure) return displayNameFailure

  const waNumber = trimmed(fields.wa_number)
  const waNumberUpload = uploadFailure('wa_number', waNumber)
  if (waNumberUpload) return waNumberUpload
  if (!isPresent(waNumber)) return fail('wa_number', 'required', MSG.required('wa_number'))
  const phone = parsePhone(waNumber)
  if (phone === undefined) return fail('wa_number', 'phoneNumber', MSG.phoneNumber('wa_number'))

  const businessId = fields.business_id
  const businessIdUpload = uploadFailure('business_id', businessId)
  if (businessIdUpload) return businessIdUpload
  if (!isPresent(businessId)) return fail('business_id', 'required', MSG.required('business_id'))
  if (!isPhpInteger(businessId)) return fail('business_id', 'integer', MSG.integer('business_id'))

  const businessName = trimmed(fields.business_name)
  const businessNameFailure = textFailure('business_name', businessName)
  if (businessNameFailure) return businessNameFailure

  const certificate = fields.business_certificate
  const noCertificate = certificate instanceof UploadedFile ? certificate.isNoFile : !isPresent(certificate)
  if (noCertificate) return fail('business_certificate', 'required', MSG.required('business_certificate'))
  if (certificate instanceof UploadedFile && certificate.uploadFailed) {
    return fail('business_certificate', 'uploadFailed', MSG.uploadFailed('business_certificate'))
  }
  if (!(certificate instanceof UploadedFile) || certificate.sniffedType === undefined || !ALLOWED_CERTIFICATE_TYPES.has(certificate.sniffedType)) {
    return fail('business_certificate', 'certificateType', MSG.certificateType('business_certificate'))
  }

  const incomingUrl = trimmed(fields.incoming_url)
  if (isPresent(incomingUrl) && (typeof incomingUrl !== 'string' || !isLaravelUrl(incomingUrl))) {
    return fail('incoming_url', 'url', MSG.url('incoming_url'))
  }

  return {
    ok: true,
    value: {
      displayName: displayName as string,
      waNumber: phone.e164,
      isoCode: phone.isoCode,
      businessId: phpIntegerString(businessId),
      businessName: businessName as string,
      incomingUrl: typeof incomingUrl === 'string' ? incomingUrl : '',
      certificate,
    },
  }
}

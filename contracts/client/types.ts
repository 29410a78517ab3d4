/**
 * The wire types a client needs, written from the vendor documentation. They are deliberately
 * not imported from the server: a client team copies this folder, not the mock.
 */

export interface ActivationFields {
  display_name: string
  /** E.164, e.g. "+13236621127". */
  wa_number: string
  business_id: string
  business_name: string
  incoming_url?: string
}

export interface Certificate {
  bytes: Uint8Array
  filename: string
  /** The part's Content-Type; the API judges the bytes, not this. */
  contentType: string
}

export interface BusinessDetails {
  id: number
  company_id: string
  business_id: string
  business_name: string
  certificate_id: number
  status: number
  namespace: string
  created_at: string
  modified_at: string
  created_by: string
  modified_by: string
  waba_id: string
}

export interface PhoneNumberDetails {
  created_by: string
  created_at: string
  company_id: string
  name: string
  incoming_url: string
  phone_number: string
  country: string
  status: number
  iso_code: string
  id: number
}

export interface Activation {
  business_details: BusinessDetails
  phone_number: PhoneNumberDetails
  template: string
}

export interface SuccessEnvelope {
  code: 'I102'
  message: string
  data: [Activation]
  error: Record<string, never>
}

export interface ValidationError {
  code: 'E413'
  type: 'VALIDATION_ERROR'
  parameter: string
  message: string
  reference: string
}

export interface BusinessError {
  code: string
  message: string
  data: []
}

export interface ErrorEnvelope {
  code: string
  message: string
  data: []
  error: ValidationError | BusinessError
}

export type ActivationResult =
  | { ok: true, status: number, envelope: SuccessEnvelope }
  | { ok: false, status: number, envelope: ErrorEnvelope }

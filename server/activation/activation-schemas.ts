import Type, { type Static } from 'typebox'

/**
 * JSON Schemas of the activation endpoint's own bodies, in the documentation's field order
 * (its errors are the wire format's: http/error-envelope.ts). Types are derived from them; OpenAPI and the exported contract schemas use them.
 */

const BusinessDetailsSchema = Type.Object({
  id: Type.Integer(),
  company_id: Type.String(),
  business_id: Type.String(),
  business_name: Type.String(),
  certificate_id: Type.Integer(),
  status: Type.Integer(),
  namespace: Type.String({ pattern: '^[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}$' }),
  created_at: Type.String({ pattern: '^[0-9]+$' }),
  modified_at: Type.String({ pattern: '^[0-9]+$' }),
  created_by: Type.String({ pattern: '^[0-9]+$' }),
  modified_by: Type.String({ pattern: '^[0-9]+$' }),
  waba_id: Type.String({ pattern: '^[0-9]+$' }),
}, { additionalProperties: false })

const PhoneNumberDetailsSchema = Type.Object({
  created_by: Type.String({ pattern: '^[0-9]+$' }),
  created_at: Type.String({ pattern: '^[0-9]+$' }),
  company_id: Type.String(),
  name: Type.String(),
  incoming_url: Type.String(),
  phone_number: Type.String({ pattern: '^\\+[1-9][0-9]{1,14}$' }),
  country: Type.String(),
  status: Type.Integer(),
  iso_code: Type.String(),
  id: Type.Integer(),
}, { additionalProperties: false })

export const ActivationSchema = Type.Object({
  business_details: BusinessDetailsSchema,
  phone_number: PhoneNumberDetailsSchema,
  template: Type.String(),
}, { additionalProperties: false })

/** The outer code and message of the endpoint's one success answer. */
export const ACTIVATION_CREATED = {
  code: 'I102',
  message: 'Activation request created successfully.',
} as const

export const SuccessEnvelopeSchema = Type.Object({
  code: Type.Literal(ACTIVATION_CREATED.code),
  message: Type.Literal(ACTIVATION_CREATED.message),
  data: Type.Array(ActivationSchema, { minItems: 1, maxItems: 1 }),
  error: Type.Object({}, { additionalProperties: false }),
}, { additionalProperties: false, $id: 'SuccessEnvelope' })

export type Activation = Static<typeof ActivationSchema>
export type SuccessEnvelope = Static<typeof SuccessEnvelopeSchema>

import Type, { type Static } from 'typebox'

/**
 * JSON Schemas of every body the activation endpoint sends, in the documentation's field
 * order. Types are derived from them; OpenAPI and the exported contract schemas use them.
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

export const SuccessEnvelopeSchema = Type.Object({
  code: Type.Literal('I102'),
  message: Type.Literal('Activation request created successfully.'),
  data: Type.Array(ActivationSchema, { minItems: 1, maxItems: 1 }),
  error: Type.Object({}, { additionalProperties: false }),
}, { additionalProperties: false, $id: 'SuccessEnvelope' })

const ValidationErrorSchema = Type.Object({
  code: Type.Literal('E413'),
  type: Type.Literal('VALIDATION_ERROR'),
  parameter: Type.String(),
  message: Type.String(),
  reference: Type.String(),
}, { additionalProperties: false })

const BusinessErrorSchema = Type.Object({
  code: Type.String({ pattern: '^E[0-9]{3}$' }),
  message: Type.String(),
  data: Type.Array(Type.Unknown(), { maxItems: 0 }),
}, { additionalProperties: false })

export const ErrorEnvelopeSchema = Type.Object({
  code: Type.String({ pattern: '^E[0-9]{3}$' }),
  message: Type.String(),
  data: Type.Array(Type.Unknown(), { maxItems: 0 }),
  error: Type.Union([ValidationErrorSchema, BusinessErrorSchema]),
}, { additionalProperties: false, $id: 'ErrorEnvelope' })

export type Activation = Static<typeof ActivationSchema>
export type SuccessEnvelope = Static<typeof SuccessEnvelopeSchema>
export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>

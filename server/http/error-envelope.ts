import Type, { type Static } from 'typebox'

/** The JSON Schema of every error body the mock sends: a validation error (E413) or a business error. */

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

export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>

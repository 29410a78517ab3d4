import Type, { type TSchema } from 'typebox'
import { ACTIVATION_FIELDS, isRequiredField } from './activation-rules.js'

const text = (description: string) => Type.String({ description })

/** The activation request as the documentation lists its fields (activation-rules.ts); for OpenAPI only. */
export const ActivationBodySchema = Type.Object(Object.fromEntries(ACTIVATION_FIELDS.map((field) => {
  const schema = field.kind === 'file' ? Type.String({ format: 'binary', description: field.description }) : text(field.description)
  return [field.name, isRequiredField(field) ? schema : Type.Optional(schema)]
})) as Record<string, TSchema>)

export const ActivationParamsSchema = Type.Object({ sid: text('The account SID.') })
export const ActivationHeadersSchema = Type.Object({ 'api-key': text('The account\'s API key.') })

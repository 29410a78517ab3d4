import Type from 'typebox'

const text = (description: string) => Type.String({ description })

/** The activation request as the documentation lists its fields; for OpenAPI only. */
export const ActivationBodySchema = Type.Object({
  display_name: text('Display name of the WhatsApp business profile, at most 255 characters.'),
  wa_number: text('The number to register, in E.164 format.'),
  business_id: text('Facebook Business Manager id, an integer.'),
  business_name: text('Legal business name, at most 255 characters.'),
  business_certificate: Type.String({ format: 'binary', description: 'A PNG, JPEG or PDF file, judged by its bytes.' }),
  incoming_url: Type.Optional(text('An http(s) URL for incoming messages.')),
})

export const ActivationParamsSchema = Type.Object({ sid: text('The account SID.') })
export const ActivationHeadersSchema = Type.Object({ 'api-key': text('The account\'s API key.') })

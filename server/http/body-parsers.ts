import type { FastifyInstance } from 'fastify'
import { parse as parseQueryString } from 'node:querystring'
import fp from 'fastify-plugin'
import { ApiError } from './errors.js'
import { parseMultipart, type MultipartLimits } from './multipart/multipart-parser.js'

export interface BodyParserOptions {
  multipart: MultipartLimits
}

/** Fields read from a url-encoded body; later ones are dropped, as PHP's max_input_vars (1000) does. */
export const MAX_FORM_FIELDS = 1000

/** PHP keeps the last of repeated names without [] (a=1&a=2 gives "2"). */
function lastValues (parsed: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.create(null)
  for (const [name, value] of Object.entries(parsed)) fields[name] = Array.isArray(value) ? value.at(-1) : value
  return fields
}

/**
 * A form's '+' is a space. Decoded here, byte by byte, because querystring's own '+' handling
 * (and String#replaceAll) costs a second or more on megabytes of '+'; 0x2B never occurs inside a
 * UTF-8 sequence, so this cannot change any other character.
 */
function plusAsSpace (body: Buffer): Buffer {
  for (let i = 0; i < body.length; i++) if (body[i] === 0x2B) body[i] = 0x20
  return body
}

/**
 * The only three body types the endpoint takes. Everything else is left without a
 * parser, so Fastify answers it with its 415 error, which the error handler maps.
 */
async function bodyParsers (app: FastifyInstance, options: BodyParserOptions): Promise<void> {
  app.removeAllContentTypeParsers()

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Laravel reads an empty JSON body as no fields, so it reaches validation.
    if ((body as string).trim() === '') {
      done(null, {})
      return
    }
    parseJson(request, body as string, (error, value) => {
      if (error) done(new ApiError('MALFORMED_BODY', `The JSON body could not be parsed: ${error.message}`), undefined)
      else done(null, value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {})
    })
  })

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, lastValues(parseQueryString(plusAsSpace(body as Buffer).toString('utf8'), '&', '=', { maxKeys: MAX_FORM_FIELDS })))
  })

  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    parseMultipart(request.headers, body as Buffer, options.multipart).then(
      (fields) => done(null, fields),
      (error: Error) => done(error, undefined),
    )
  })
}

export default fp(bodyParsers, { name: 'body-parsers' })

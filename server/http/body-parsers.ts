import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError } from './errors.js'
import { readMultipart, type MultipartLimits } from './multipart-parser.js'
import { NO_FIELDS, readPhpJson } from './php-json.js'
import { readPhpForm } from './php-form.js'
import { phpContentType } from './multipart/php-content-type.js'
import { noteBodyProblem } from './request-outcome.js'

interface BodyParserOptions {
  multipart: MultipartLimits
  /**
   * Routes of the vendor's API, whose bodies are read as PHP and Laravel read them: a body they
   * cannot read in full gives the fields that could be read (often none), never an error, and
   * validation answers. The mock's own routes take JSON only and refuse anything else (400 E400, 415 E415).
   */
  phpRoutes?: readonly string[]
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the request's route is one of the vendor's, whose bodies are read as PHP reads them. */
    readsAsPhp: boolean
  }
}

/** Laravel's Request::isJson(): the raw Content-Type contains "/json" or "+json", case and all. */
function isLaravelJson (contentType: string | undefined): boolean {
  return contentType !== undefined && (contentType.includes('/json') || contentType.includes('+json'))
}

const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/

/** The types PHP fills $_POST (and $_FILES) from. */
const PHP_FORM_TYPES: ReadonlySet<string> = new Set(['multipart/form-data', 'application/x-www-form-urlencoded'])

/** Whether Fastify takes a Content-Type value for a media type (type/subtype, both tokens); it answers 415 itself otherwise. */
function isMediaType (value: string): boolean {
  const semicolon = value.indexOf(';')
  const media = semicolon === -1 ? value : value.slice(0, semicolon)
  const slash = media.indexOf('/')
  return slash !== -1 && TOKEN.test(media.slice(0, slash).trimStart()) && TOKEN.test(media.slice(slash + 1).trimEnd())
}

/**
 * The three body types PHP fills $_POST/$_FILES from or Laravel decodes, and a catch-all for
 * the rest: on the vendor's routes PHP reads no fields from those; elsewhere they are 415.
 */
async function bodyParsers (app: FastifyInstance, options: BodyParserOptions): Promise<void> {
  app.removeAllContentTypeParsers()
  const phpRoutes = new Set(options.phpRoutes)
  // Set by the PHP routes' first hook (below): a parser reads a flag instead of looking the route up.
  app.decorateRequest('readsAsPhp', false)
  const readsAsPhp = (request: FastifyRequest) => request.readsAsPhp

  /** A PHP route's fields; the first problem, if any, goes where the journal and the log line find it. */
  const asPhp = (request: FastifyRequest, fields: Record<string, unknown>, problem: string | undefined, rule = 'malformed_body') => {
    if (problem !== undefined && request.bodyProblem === null) noteBodyProblem(request, { rule, reason: problem })
    return fields
  }

  // A Content-Type that is no media type at all ("garbage", ""): Fastify answers 415 before any
  // parser runs, where PHP reads no fields. Hidden from Fastify (request.raw.headers keeps it for
  // the journal), the body goes to the catch-all parser. Only on PHP routes, so no other pays.
  // A client sends one Content-Type over and over: the last one found to be a media type is not checked again.
  let lastMediaType: string | undefined
  const readAsPhp = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    request.readsAsPhp = true
    const contentType = request.headers['content-type']
    if (contentType === undefined || contentType === lastMediaType) {
      done()
      return
    }
    if (isMediaType(contentType)) {
      lastMediaType = contentType
    } else if (PHP_FORM_TYPES.has(phpContentType(contentType) as string)) {
      // PHP picks its reader by the type alone ("multipart/form-data boundary=x" is multipart to it);
      // Fastify is handed the bare type, and the parser reads the header as sent (request.raw.headers).
      request.headers = { 'content-type': phpContentType(contentType) }
    } else {
      noteBodyProblem(request, { rule: 'unsupported_media_type', reason: `The Content-Type ${JSON.stringify(contentType)} is not a media type; PHP reads no fields from it.` })
      request.headers = { 'content-type': undefined }
    }
    done()
  }
  app.addHook('onRoute', (route) => {
    if (phpRoutes.has(route.url)) route.onRequest = [readAsPhp, ...([] as unknown[]).concat(route.onRequest ?? [])] as typeof route.onRequest
  })

  const parseStrictJson = app.getDefaultJsonParser('error', 'error')
  const readJson = (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
    if (readsAsPhp(request)) {
      const { fields, problem } = readPhpJson(body)
      done(null, asPhp(request, fields, problem))
      return
    }
    const text = body.toString('utf8')
    // Laravel reads an empty JSON body as no fields, so it reaches validation.
    if (text.trim() === '') {
      done(null, {})
      return
    }
    parseStrictJson(request, text, (error, value) => {
      if (error) done(new ApiError('MALFORMED_BODY', `The JSON body could not be parsed: ${error.message}`), undefined)
      else done(null, value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {})
    })
  }

  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Laravel decodes only what it calls JSON; "Application/JSON" is not, and PHP fills no fields from it.
    if (readsAsPhp(request) && !isLaravelJson(request.headers['content-type'])) {
      done(null, asPhp(request, NO_FIELDS, `Laravel does not read Content-Type ${request.headers['content-type']} as JSON.`, 'unsupported_media_type'))
      return
    }
    readJson(request, body as Buffer, done)
  })

  /** The mock's own routes take JSON only: a form (curl's default for -d) would reach the schema as odd fields. */
  const refuseUnlessPhp = (request: FastifyRequest, done: (error: Error | null, body?: unknown) => void): boolean => {
    if (readsAsPhp(request)) return false
    // An unknown route answers 404 whatever its body is.
    if (request.is404) done(null, undefined)
    else done(new ApiError('UNSUPPORTED_MEDIA_TYPE'), undefined)
    return true
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
    if (refuseUnlessPhp(request, done)) return
    const sent = request.raw.headers['content-type']
    if (phpContentType(sent) !== 'application/x-www-form-urlencoded') {
      done(null, asPhp(request, NO_FIELDS, `PHP reads no fields from Content-Type ${String(sent)}.`, 'unsupported_media_type'))
      return
    }
    // As PHP fills $_POST: name[] and name[key] are arrays, '.' and ' ' in a name are '_'.
    done(null, readPhpForm(body as Buffer))
  })

  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    if (refuseUnlessPhp(request, done)) return
    readMultipart(request.raw.headers, body as Buffer, options.multipart)
      .then(({ fields, problem, unnamedFiles }) => {
        if (unnamedFiles.length > 0) request.unnamedFiles = unnamedFiles
        done(null, asPhp(request, fields, problem))
      }, (error: Error) => done(error, undefined))
  })

  // Any other type, or none. The body is read (within the body limit) so the connection stays usable.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const contentType = request.headers['content-type']
    if (readsAsPhp(request)) {
      if (isLaravelJson(contentType)) readJson(request, body as Buffer, done)
      else done(null, asPhp(request, NO_FIELDS, contentType === undefined ? 'The request has a body but no Content-Type.' : `PHP reads no fields from Content-Type ${contentType}.`, 'unsupported_media_type'))
      return
    }
    refuseUnlessPhp(request, done)
  })
}

export default fp(bodyParsers, { name: 'body-parsers' })

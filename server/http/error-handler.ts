import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { ADMIN_HEADERS, isAdminRequest } from './admin-path.js'
import type { ErrorEnvelope } from './error-envelope.js'
import { ApiError, ERRORS, envelopeOf, type ErrorAnswer } from './errors.js'
import { noteOutcome } from './request-outcome.js'
import { hasInvalidNamespace, pathAsSent } from './namespace-prefix.js'
import { StoreError } from '../platform/store-error.js'

interface ErrorHandlerOptions {
  bodyLimit: number
}

/**
 * Sends an ApiError as its envelope; the only way a handler answers with an error. `rule`
 * is what the journal shows as the reason (the catalogue name, in snake case, by default).
 */
export function sendApiError (reply: FastifyReply, error: ErrorAnswer, rule: string = error.errorName.toLowerCase()): FastifyReply {
  return reply.send(prepareApiError(reply, error, rule))
}

/** Notes the outcome, sets status and headers, and returns the envelope still to be sent. */
function prepareApiError (reply: FastifyReply, error: ErrorAnswer, rule: string = error.errorName.toLowerCase()): ErrorEnvelope {
  noteOutcome(reply.request, { code: ERRORS[error.errorName].errorCode, rule, parameter: error.failure?.parameter })
  if (error.headers) reply.headers(error.headers)
  reply.code(ERRORS[error.errorName].status)
  return envelopeOf(error)
}

/** Maps Fastify's own errors (and anything unexpected) onto the catalogue. */
function toApiError (error: FastifyError, bodyLimit: number): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof StoreError) return new ApiError('SERVICE_UNAVAILABLE', error.message)
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${bodyLimit} bytes.`)
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('BAD_REQUEST', 'The Content-Length header does not match the body.')
    case 'FST_ERR_BAD_URL':
      return new ApiError('BAD_REQUEST', 'The path is not a valid URL.')
  }
  if (error.validation) return new ApiError('BAD_REQUEST', schemaErrorText(error))
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return new ApiError('BAD_REQUEST', error.message)
  return new ApiError('INTERNAL')
}

/** Ajv's first complaint, naming the allowed values when it has them (an enum). */
function schemaErrorText (error: FastifyError): string {
  const first = error.validation![0]
  const where = `${error.validationContext ?? 'request'}${first.instancePath.replaceAll('/', '.')}`
  const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues
  return allowed === undefined ? `${where} ${first.message}.` : `${where} must be one of: ${allowed.join(', ')}.`
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Records an answer that no onSend hook sees (journal-capture.ts sets it); a promise when
     * the journal's write is I/O, which the answer waits for, as onSend answers do.
     */
    recordUnhooked?: (request: FastifyRequest, reply: FastifyReply) => Promise<void> | undefined
  }
}

/**
 * Errors Fastify raises while routing, before any handler (the `frameworkErrors` option): a
 * broken percent-escape, a path segment over the limit. Their requests run no hook at all, so
 * the journal is told here, before the answer goes out.
 */
export function frameworkErrorHandler (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const envelope = prepareApiError(reply, toApiError(error, 0))
  const recording = request.server.recordUnhooked?.(request, reply)
  if (recording === undefined) reply.send(envelope)
  else void recording.then(() => { reply.send(envelope) })
}

const PROBED_METHODS: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * One error handler and one not-found handler own the wire format. The not-found handler
 * tells a wrong method (405 with Allow) from an unknown path (404), which Fastify does not.
 */
async function errorHandler (app: FastifyInstance, options: ErrorHandlerOptions): Promise<void> {
  app.decorateRequest('outcome', null)
  app.decorateRequest('bodyProblem', null)
  app.decorateRequest('unnamedFiles', null)
  const knownRoutes = FindMyWay()
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method)
    for (const method of methods) {
      if (method !== 'HEAD' && !knownRoutes.hasRoute(method as HTTPMethod, route.url)) knownRoutes.on(method as HTTPMethod, route.url, () => {})
    }
  })

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // A route may set its own body limit (PUT /__admin/snapshot does).
    const apiError = toApiError(error, request.routeOptions.bodyLimit ?? options.bodyLimit)
    // A deliberate 5xx (e.g. Redis unreachable, reported once by the store) is not a fault of the mock.
    if (apiError.status >= 500 && !(error instanceof ApiError) && !(error instanceof StoreError)) request.log.error({ err: error }, 'unexpected fault')
    return sendApiError(reply, apiError)
  })

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    // No admin route matched, so the admin scope's onSend does not run: its headers are set here.
    if (isAdminRequest(request)) reply.headers(ADMIN_HEADERS)
    if (hasInvalidNamespace(request)) return sendApiError(reply, { errorName: 'NAMESPACE_INVALID' })
    // Routes are probed by the path the router saw (without a namespace's prefix); answers quote it as sent.
    const routed = request.url.split('?', 1)[0]
    const path = pathAsSent(request)
    const allowed = PROBED_METHODS.filter((method) => knownRoutes.find(method, routed) !== null)
    if (allowed.length > 0) {
      return sendApiError(reply, new ApiError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`, undefined, { allow: allowed.join(', ') }))
    }
    return sendApiError(reply, new ApiError('ROUTE_NOT_FOUND', `${request.method} ${path}`))
  })
}

export default fp(errorHandler, { name: 'error-handler' })

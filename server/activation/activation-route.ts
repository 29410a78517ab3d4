import type { FastifyInstance } from 'fastify'
import type { ActivationFactory } from './activation-factory.js'
import type { Authenticator } from '../api-keys/authenticator.js'
import { ApiError, validationError, type ErrorAnswer } from '../http/errors.js'
import { buildSuccessEnvelope } from './success-envelope.js'
import { sendApiError } from '../http/error-handler.js'
import { noteOutcome } from '../http/request-outcome.js'
import { validateActivation } from './validate-activation.js'
import { readPhpQuery } from '../http/php-form.js'
import { createPhoneParser } from './field-rules.js'
import { storeWaitOf } from '../platform/store-wait.js'
import { pathAsSent } from '../http/namespace-prefix.js'

export interface ActivationRouteOptions {
  factory: ActivationFactory
  authenticator: Authenticator
}

interface ActivationRequest {
  Params: { sid: string }
  Body: Record<string, unknown> | undefined
}

const ALREADY_SUBMITTED: ErrorAnswer = { errorName: 'ALREADY_SUBMITTED' }

/**
 * Laravel's input: the body's fields, then the query string's (read as PHP fills $_GET) under the
 * names the body does not have (`$input + $query`).
 */
function laravelInput (body: Record<string, unknown> | undefined, url: string): Record<string, unknown> {
  const mark = url.indexOf('?')
  const fields = body ?? {}
  if (mark === -1 || mark === url.length - 1) return fields
  const query = readPhpQuery(url.slice(mark + 1))
  const merged: Record<string, unknown> = Object.create(null)
  for (const [name, value] of Object.entries(query)) merged[name] = value
  for (const [name, value] of Object.entries(fields)) merged[name] = value
  return merged
}

export const ACTIVATION_PATH = '/v1/:sid/whatsapp/activation'

/** POST /v1/:sid/whatsapp/activation: authenticate, validate, claim, reply. */
export async function activationRoute (app: FastifyInstance, options: ActivationRouteOptions): Promise<void> {
  const { factory, authenticator } = options
  const parsePhone = createPhoneParser()

  app.post<ActivationRequest>(ACTIVATION_PATH, {
    // Before the body is read: an unauthenticated upload is refused without parsing it.
    // Callback style, so a check answered at once (keys held in memory) costs no promise.
    onRequest: (request, reply, done) => {
      const { sid } = request.params as { sid: string }
      // The real route needs a SID segment; /v1//whatsapp/activation matches nothing there.
      if (sid.trim() === '') {
        sendApiError(reply, new ApiError('ROUTE_NOT_FOUND', `${request.method} ${pathAsSent(request)}`))
        return
      }
      const refusal = authenticator.check(sid, request.headers['api-key'], storeWaitOf(request), request.ns.keys)
      if (refusal instanceof Promise) {
        refusal.then((answer) => { if (answer) sendApiError(reply, answer); else done() }, done)
        return
      }
      if (refusal) sendApiError(reply, refusal)
      else done()
    },
  }, async (request, reply) => {
    // Validation runs before the once-only check, as a Laravel form request would.
    const result = validateActivation(laravelInput(request.body, request.url), parsePhone)
    if (!result.ok) return sendApiError(reply, validationError(result.failure), result.rule)

    const { sid } = request.params
    const outcome = await request.ns.accounts.claim(sid, (ids) => factory.build(sid, result.value, ids), storeWaitOf(request))
    if (!outcome.claimed) return sendApiError(reply, ALREADY_SUBMITTED)
    noteOutcome(request, { code: 'I102', rule: null })
    return reply.code(200).send(buildSuccessEnvelope(outcome.activation))
  })
}

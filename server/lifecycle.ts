import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError } from './errors.js'
import { sendApiError } from './error-handler.js'

export interface Lifecycle {
  /** True from the moment close() starts. */
  readonly closing: boolean
  /** Aborted when close() starts, so waits (injected delays) end early. */
  readonly signal: AbortSignal
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle
  }
}

/**
 * While the app drains, requests that still arrive on open connections get a 503 in the
 * envelope style (Fastify's own 503 is not), and health reports it; in-flight ones finish.
 */
async function lifecycle (app: FastifyInstance): Promise<void> {
  const controller = new AbortController()
  const state = { closing: false, signal: controller.signal }
  app.decorate('lifecycle', state)
  app.addHook('preClose', async () => {
    state.closing = true
    controller.abort()
  })
  app.addHook('onRequest', async (request, reply) => {
    if (!state.closing || request.url === '/__admin/health') return
    reply.header('connection', 'close')
    return sendApiError(reply, new ApiError('SERVICE_UNAVAILABLE', 'The mock server is shutting down.'))
  })
}

export default fp(lifecycle, { name: 'lifecycle' })

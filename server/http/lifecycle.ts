import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ADMIN_ROUTES } from './admin-route-table.js'
import { ApiError } from './errors.js'
import { sendApiError } from './error-handler.js'

interface Lifecycle {
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

  // Node's server.close() waits for connections that never sent a request (clients open
  // them ahead of use); they hold no work, so closing drops them instead of waiting.
  const unused = new Set<Socket>()
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket)
    socket.once('close', () => unused.delete(socket))
  })
  app.server.on('request', (request: { socket: Socket }) => { unused.delete(request.socket) })

  app.addHook('preClose', async () => {
    state.closing = true
    controller.abort()
    for (const socket of unused) socket.destroy()
  })
  // Callback style: the usual case (not closing) goes on without a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    if (!state.closing || request.routeOptions.url === ADMIN_ROUTES.health.path) {
      done()
      return
    }
    reply.header('connection', 'close')
    sendApiError(reply, new ApiError('SERVICE_UNAVAILABLE', 'The mock server is shutting down.'))
  })
}

export default fp(lifecycle, { name: 'lifecycle' })

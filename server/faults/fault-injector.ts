import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Fault } from './fault-store.js'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'
import { noteOutcome } from '../http/request-outcome.js'
import { storeWaitOf } from '../state/store-wait.js'

interface FaultInjectorOptions {
  /** The routes faults apply to (the vendor's), by their route pattern. */
  routes: readonly string[]
}

async function delay (app: FastifyInstance, fault: Fault): Promise<void> {
  try {
    await sleep(fault.delayMs ?? 0, undefined, { signal: app.lifecycle.signal })
  } catch {
    // Shutting down: answer now rather than hold the close up.
  }
}

async function apply (app: FastifyInstance, fault: Fault, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  switch (fault.kind) {
    case 'delay':
      await delay(app, fault)
      return undefined
    case 'status':
      return fault.status === 503
        ? sendApiError(reply, new ApiError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'), 'fault_status')
        : sendApiError(reply, new ApiError('INTERNAL'), 'fault_status')
    case 'drop':
      // A real connection reset: no status line, no body.
      reply.hijack()
      noteOutcome(request, { code: null, rule: 'fault_drop' })
      request.raw.socket.destroy()
      await app.recordRequest(request, 0, reply.elapsedTime)
      return reply
  }
}

/**
 * Injected faults (POST /__admin/faults) act first on the vendor's routes, before
 * authentication, the way an outage would; the admin API is never affected.
 */
async function faultInjector (app: FastifyInstance, options: FaultInjectorOptions): Promise<void> {
  const routes = new Set(options.routes)
  /** Resolves true when the fault answered (or dropped) the request. */
  async function inject (request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const sid = (request.params as { sid?: string }).sid ?? null
    const fault = await request.ns.faults.take(sid, storeWaitOf(request))
    if (fault === undefined) return false
    request.log.info({ fault: { id: fault.id, kind: fault.kind } }, 'injected fault')
    return await apply(app, fault, request, reply) !== undefined
  }
  // Callback style, and no take() while a store says it holds no fault: the usual request
  // pays neither a promise nor a store call. A non-empty store is asked as before (atomic take).
  app.addHook('onRequest', (request, reply, done) => {
    if (!routes.has(request.routeOptions.url ?? '') || request.ns.faults.isEmpty?.() === true) {
      done()
      return
    }
    inject(request, reply).then((answered) => { if (!answered) done() }, done)
  })
}

export default fp(faultInjector, { name: 'fault-injector', dependencies: ['lifecycle', 'journal-capture'] })

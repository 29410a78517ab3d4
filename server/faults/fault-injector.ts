import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { MAX_DELAY_MS, type Fault, type FaultStep } from './fault-schemas.js'
import { faultError, sampleDelay } from './fault-answers.js'
import { sendApiError } from '../http/error-handler.js'
import { ERRORS } from '../http/errors.js'
import { noteOutcome } from '../http/request-outcome.js'
import type { FaultNote } from '../journal/journal.js'
import { storeWaitOf } from '../platform/store-wait.js'

interface FaultInjectorOptions {
  /** The routes faults apply to (the vendor's), by their route pattern. */
  routes: readonly string[]
  /** The longest a `hang` holds a request: the request timeout. */
  hangLimitMs: number
}

/** Waits `ms`, or less when the app starts closing; resolves to the time actually waited. */
async function wait (app: FastifyInstance, ms: number): Promise<void> {
  try {
    await sleep(ms, undefined, { signal: app.lifecycle.signal })
  } catch {
    // Shutting down: answer now rather than hold the close up.
  }
}

/** The step of a sequence this request got (the store's count says which), or the fault itself. */
function stepOf (fault: Fault): { step: FaultStep | Fault, note: Omit<FaultNote, 'did'> } {
  const note: Omit<FaultNote, 'did'> = { id: fault.id, kind: fault.kind }
  if (fault.steps === undefined) return { step: fault, note }
  const index = fault.steps.length - (fault.remaining ?? 0) - 1
  return { step: fault.steps[index], note: { ...note, step: index + 1, steps: fault.steps.length } }
}

/**
 * Holds the request unanswered (its body read and dropped) until the client closes the
 * connection, the request timeout passes or the app closes; then the connection is closed
 * without a response, as a proxy in front of a stuck service would.
 */
async function hang (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, limitMs: number): Promise<string> {
  reply.hijack()
  const socket = request.raw.socket
  request.raw.resume()
  const started = Date.now()
  const ended = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => finish('the request timeout passed'), limitMs)
    const onClose = (): void => finish('the client closed the connection')
    const onAbort = (): void => finish('the mock shut down')
    function finish (why: string): void {
      clearTimeout(timer)
      socket.off('close', onClose)
      app.lifecycle.signal.removeEventListener('abort', onAbort)
      resolve(why)
    }
    if (socket.destroyed) return finish('the client closed the connection')
    socket.once('close', onClose)
    if (app.lifecycle.signal.aborted) return finish('the mock shut down')
    app.lifecycle.signal.addEventListener('abort', onAbort, { once: true })
  })
  socket.destroy()
  return `hung ${Date.now() - started} ms until ${ended}, and sent nothing`
}

/**
 * Applies one fault (or a sequence's step) to a request. Resolves true when the fault answered
 * the request (or cut it off), false when the request goes on to its normal answer.
 */
async function apply (app: FastifyInstance, fault: Fault, request: FastifyRequest, reply: FastifyReply, hangLimitMs: number): Promise<boolean> {
  const { step, note } = stepOf(fault)
  const noteDid = (did: string, retryAfter?: number): void => {
    request.faultNote = retryAfter === undefined ? { ...note, did } : { ...note, retryAfter, did }
  }
  switch (step.kind) {
    case 'pass':
      noteDid('let the request through to its normal answer')
      return false
    case 'delay': {
      const ms = sampleDelay(step, MAX_DELAY_MS)
      await wait(app, ms)
      noteDid(`delayed the answer by ${ms} ms`)
      return false
    }
    case 'status':
    case 'answer': {
      const error = faultError(step)
      const entry = ERRORS[error.errorName]
      const retryAfter = error.headers?.['retry-after']
      noteDid(`answered ${entry.status} ${error.errorName === 'VALIDATION' ? entry.errorCode : entry.code}${retryAfter === undefined ? '' : ` with Retry-After: ${retryAfter}`}`, step.retryAfter)
      sendApiError(reply, error, step.kind === 'status' ? 'fault_status' : 'fault_answer')
      return true
    }
    case 'drop':
      // A real connection reset: no status line, no body.
      reply.hijack()
      noteOutcome(request, { code: null, rule: 'fault_drop' })
      noteDid('closed the connection without a response')
      request.raw.socket.destroy()
      await app.recordRequest(request, 0, reply.elapsedTime)
      return true
    case 'hang': {
      noteOutcome(request, { code: null, rule: 'fault_hang' })
      noteDid(await hang(app, request, reply, hangLimitMs))
      await app.recordRequest(request, 0, reply.elapsedTime)
      return true
    }
    case 'sequence':
      // A sequence's steps are never sequences (the admin route refuses them).
      return false
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
    return await apply(app, fault, request, reply, options.hangLimitMs)
  }
  // On the vendor's routes only, ahead of their own hooks (routes registered later get it too):
  // no other request pays a call. Callback style, and no take() while a store says it holds no
  // fault: the usual request pays neither a promise nor a store call. A non-empty store is asked
  // with its atomic take.
  const injectHook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    if (request.ns.faults.isEmpty?.() === true) {
      done()
      return
    }
    inject(request, reply).then((answered) => { if (!answered) done() }, done)
  }
  app.addHook('onRoute', (route) => {
    if (routes.has(route.url)) route.onRequest = [injectHook, ...([] as unknown[]).concat(route.onRequest ?? [])] as typeof route.onRequest
  })
}

export default fp(faultInjector, { name: 'fault-injector', dependencies: ['lifecycle', 'journal-capture'] })

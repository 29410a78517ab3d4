import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { StoreError } from '../platform/store-error.js'
import { namespaceOf } from '../http/namespace-prefix.js'
import type { RequestTally } from './request-tally.js'

/**
 * What the journal's recorder tells the metrics: every request it is given (the endpoint's, not
 * the admin API's), with the outcome the journal records.
 */
export function tallyingObserver (tally: RequestTally) {
  return {
    recording (request: FastifyRequest, status: number, elapsedMs: number): void {
      const outcome = request.outcome
      tally.observeRequest(namespaceOf(request), status, outcome?.code ?? null, outcome?.rule ?? null, elapsedMs)
    },
    unrecorded (request: FastifyRequest): void {
      tally.unrecorded(namespaceOf(request))
    },
  }
}

/** Times every reply, and counts the requests a state store failed (admin ones too: they reach the one error handler as StoreError). */
async function metricsHooks (app: FastifyInstance, options: { hasLogger: boolean }): Promise<void> {
  // Fastify starts a reply's clock (reply.elapsedTime) only when there is a logger or an onResponse
  // hook; without this one, an app built with logger: false would report every latency as 0. With a
  // logger the clock runs anyway, and an empty hook would only cost every request a call.
  if (!options.hasLogger) app.addHook('onResponse', (_request, _reply, done) => { done() })
  app.addHook('onError', (request, _reply, error, done) => {
    if (error instanceof StoreError) app.metrics.storeFailure(namespaceOf(request), error.storeFailure)
    done()
  })
}

export default fp(metricsHooks, { name: 'metrics-hooks' })

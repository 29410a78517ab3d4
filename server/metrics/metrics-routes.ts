import type { FastifyInstance } from 'fastify'
import { expose } from './metrics-exposition.js'
import type { RequestTally } from './request-tally.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** What GET /__admin/metrics reports; counted by the journal's recorder and the error hook (metrics-hooks.ts). */
    metrics: RequestTally
  }
}

/** GET /__admin/metrics: the Prometheus text format, behind the admin token like the rest of the admin API. */
export async function metricsRoutes (app: FastifyInstance): Promise<void> {
  app.get(ADMIN_ROUTES.metrics.path, {
    schema: {
      tags: ['admin'],
      summary: ADMIN_ROUTES.metrics.summary,
      description: 'The Prometheus text format (version 0.0.4): requests to the endpoint by status, inner code and rule; their latency; accounts claimed; store failures; journal losses; per namespace (label mock_namespace, empty for the default one). See docs/admin-api.md.',
      produces: ['text/plain'],
      response: { 200: { description: 'The metrics, one sample a line.', content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => {
    const page = await app.state.journal.list({ limit: 1 }).catch(() => undefined)
    const { contentType, text } = await expose(app.metrics, { journalDropped: page?.dropped })
    return reply.type(contentType).send(text)
  })
}

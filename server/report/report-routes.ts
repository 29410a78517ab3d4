import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { analyseJournal, DEFAULT_RETRY_GAP_MS } from './analyse-journal.js'
import { ReportSchema } from './report-schemas.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

const ReportQuerySchema = Type.Object({
  gapMs: Type.Integer({ minimum: 0, maximum: 600_000, default: DEFAULT_RETRY_GAP_MS, description: 'The shortest wait before a retry after a 408, 429, 5xx or no answer (a longer Retry-After is held to instead).' }),
})

/** GET /__admin/report: the namespace's journal read against the real API's rules. */
export async function reportRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ReportQuerySchema> }>(ADMIN_ROUTES.report.path, {
    schema: {
      tags: ['admin'],
      summary: ADMIN_ROUTES.report.summary,
      querystring: ReportQuerySchema,
      response: { 200: ReportSchema, 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema },
    },
  }, async (request) => {
    const page = await request.ns.journal.list()
    const oldestFirst = page.entries.reverse()
    return { findings: analyseJournal(oldestFirst, { gapMs: request.query.gapMs }), analysed: oldestFirst.length, dropped: page.dropped, gapMs: request.query.gapMs }
  })
}

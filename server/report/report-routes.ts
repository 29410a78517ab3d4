import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { analyseJournal, DEFAULT_RETRY_GAP_MS, FINDING_KINDS, SEVERITIES } from './analyse-journal.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

const ReportQuerySchema = Type.Object({
  gapMs: Type.Integer({ minimum: 0, maximum: 600_000, default: DEFAULT_RETRY_GAP_MS, description: 'The shortest wait before a retry after a 408, 429, 5xx or no answer (a longer Retry-After is held to instead).' }),
})

const FindingSchema = Type.Object({
  kind: Type.Enum([...FINDING_KINDS]),
  severity: Type.Enum([...SEVERITIES]),
  sid: Type.Union([Type.String(), Type.Null()]),
  seqs: Type.Array(Type.Integer(), { description: 'The journal entries it is about, oldest first.' }),
  message: Type.String({ description: 'What the client did and what to do instead, in a sentence.' }),
})

const ReportSchema = Type.Object({
  findings: Type.Array(FindingSchema, { description: 'Ordered by their first entry; empty for a well-behaved client.' }),
  analysed: Type.Integer({ description: 'Journal entries read (the journal keeps the newest MOCK_JOURNAL_SIZE).' }),
  dropped: Type.Integer({ description: 'Entries pushed out of the journal before the report, so not analysed.' }),
  gapMs: Type.Integer(),
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

import type { FastifyInstance } from 'fastify'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { JournalPageSchema, RequestsQuerySchema } from './journal-schemas.js'
import type { RequestsQuery } from './journal-schemas.js'

/** The request journal, newest first: never certificate bytes, never an api-key. */
export async function requestRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema }

  app.get<{ Querystring: RequestsQuery }>('/__admin/requests', {
    schema: { tags: ['admin'], summary: 'The request journal, newest first', querystring: RequestsQuerySchema, response: { 200: JournalPageSchema, ...errors } },
  }, async (request) => request.ns.journal.list({ sid: request.query.sid, limit: request.query.limit, since: request.query.since }))

  app.delete('/__admin/requests', {
    schema: { tags: ['admin'], summary: 'Clear the request journal', response: { 200: JournalPageSchema, ...errors } },
  }, async (request) => {
    const { journal } = request.ns
    await journal.clear()
    return journal.list()
  })
}

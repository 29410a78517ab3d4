import type { FastifyInstance } from 'fastify'
import { AdminErrorSchema, JournalPageSchema, RequestsQuerySchema } from '../admin/admin-schemas.js'
import type { RequestsQuery } from '../admin/admin-schemas.js'

/** The request journal, newest first: never certificate bytes, never an api-key. */
export async function requestRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }

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

import type { FastifyInstance } from 'fastify'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { JournalPageSchema, RequestsQuerySchema } from './journal-schemas.js'
import type { RequestsQuery } from './journal-schemas.js'
import { sendApiError } from '../http/error-handler.js'
import { ApiError } from '../http/errors.js'
import { MAX_JOURNAL_WAITERS, waitForEntries } from './journal-wait.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

/** The request journal, newest first: never certificate bytes, never an api-key. */
export async function requestRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema }

  let waiting = 0
  app.get<{ Querystring: RequestsQuery }>(ADMIN_ROUTES.requests.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.requests.summary, querystring: RequestsQuerySchema, response: { 200: JournalPageSchema, ...errors, 503: ErrorEnvelopeSchema } },
  }, async (request, reply) => {
    const { wait, ...filter } = request.query
    const { journal } = request.ns
    if (wait === undefined || wait === 0) return journal.list(filter)
    if (waiting >= MAX_JOURNAL_WAITERS) {
      return sendApiError(reply, new ApiError('SERVICE_UNAVAILABLE', `${MAX_JOURNAL_WAITERS} reads are already waiting on the journal; try again shortly.`))
    }
    // Stops waiting when the client goes away or the app starts closing.
    const stop = new AbortController()
    const onClose = (): void => stop.abort()
    const socket = request.raw.socket
    socket.once('close', onClose)
    const onAppClose = (): void => stop.abort()
    app.lifecycle.signal.addEventListener('abort', onAppClose, { once: true })
    waiting++
    try {
      return await waitForEntries(journal, filter, wait, stop.signal)
    } finally {
      waiting--
      socket.off('close', onClose)
      app.lifecycle.signal.removeEventListener('abort', onAppClose)
    }
  })

  app.delete(ADMIN_ROUTES.clearRequests.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.clearRequests.summary, response: { 200: JournalPageSchema, ...errors } },
  }, async (request) => {
    const { journal } = request.ns
    await journal.clear()
    return journal.list()
  })
}

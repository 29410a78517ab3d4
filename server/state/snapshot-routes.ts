import type { FastifyInstance } from 'fastify'
import { ApiError } from '../http/errors.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { storeWaitOf } from '../platform/store-wait.js'
import { duplicateProblem, SnapshotSchema, toSnapshot, type Snapshot } from './state-snapshot.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

/**
 * The largest snapshot PUT takes: about 400,000 accounts with their activations (650 bytes
 * each). Parsing holds the body and its objects at once (about 1.7 times the body in heap), so
 * the limit stays well under the engine's longest string (about 512 MiB); bigger states travel in
 * MOCK_STATE_FILE. A bigger body gets the 413 envelope before it is parsed.
 */
export const SNAPSHOT_BODY_BYTES = 256 * 1024 * 1024

/**
 * GET exports the accounts, their activations and the id counters; PUT replaces them with a
 * snapshot, on whichever backend the app has. The journal and faults are not part of it.
 */
export async function snapshotRoute (app: FastifyInstance): Promise<void> {
  const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema }

  app.get(ADMIN_ROUTES.snapshot.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.snapshot.summary, response: { 200: SnapshotSchema, ...errors } },
  }, async (request) => toSnapshot(await request.ns.accounts.snapshot(storeWaitOf(request))))

  app.put<{ Body: Snapshot }>(ADMIN_ROUTES.restoreSnapshot.path, {
    bodyLimit: SNAPSHOT_BODY_BYTES,
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.restoreSnapshot.summary, body: SnapshotSchema, response: { 200: SnapshotSchema, ...errors, 413: ErrorEnvelopeSchema, 503: ErrorEnvelopeSchema } },
  }, async (request) => {
    // The route schema has checked the shape; a SID twice is the one thing it cannot say.
    const problem = duplicateProblem(request.body)
    if (problem !== null) throw new ApiError('BAD_REQUEST', problem)
    // Both steps within the request's one store timeout, as the endpoint's steps are.
    const wait = storeWaitOf(request)
    const { accounts } = request.ns
    await accounts.restore(request.body, wait)
    return toSnapshot(await accounts.snapshot(wait))
  })
}

import type { FastifyInstance } from 'fastify'
import { ApiError } from '../http/errors.js'
import { AdminErrorSchema } from '../admin/admin-schemas.js'
import { duplicateProblem, SnapshotSchema, toSnapshot, type Snapshot } from './state-snapshot.js'

export const SNAPSHOT_PATH = '/__admin/snapshot'

/**
 * GET exports the accounts, their activations and the id counters; PUT replaces them with a
 * snapshot, on whichever backend the app has. The journal and faults are not part of it.
 */
export async function snapshotRoute (app: FastifyInstance): Promise<void> {
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }

  app.get(SNAPSHOT_PATH, {
    schema: { tags: ['admin'], summary: 'Export all accounts, their activations and the id counters', response: { 200: SnapshotSchema, ...errors } },
  }, async () => toSnapshot(await app.state.accounts.snapshot()))

  app.put<{ Body: Snapshot }>(SNAPSHOT_PATH, {
    schema: { tags: ['admin'], summary: 'Replace all accounts and the id counters with a snapshot', body: SnapshotSchema, response: { 200: SnapshotSchema, ...errors } },
  }, async (request) => {
    // The route schema has checked the shape; a SID twice is the one thing it cannot say.
    const problem = duplicateProblem(request.body)
    if (problem !== null) throw new ApiError('BAD_REQUEST', problem)
    await app.state.accounts.restore(request.body)
    return toSnapshot(await app.state.accounts.snapshot())
  })
}

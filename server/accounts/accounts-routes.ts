import type { FastifyInstance } from 'fastify'
import { AccountPageSchema, AccountSchema, AccountsQuerySchema, AdminErrorSchema, ResetSchema, SeedBodySchema, SidParamsSchema } from '../admin/admin-schemas.js'
import type { AccountsQuery, SeedBody } from '../admin/admin-schemas.js'

interface SidRoute { Params: { sid: string } }

/** Reset everything, or seed, show and reset one account. */
export async function accountRoutes (app: FastifyInstance): Promise<void> {
  const { accounts, journal, faults, keys } = app.state
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }

  async function show (sid: string) {
    return shown(await accounts.get(sid))
  }

  function shown (record: { sid: string, state: string, activation?: unknown }) {
    return { sid: record.sid, state: record.state, activation: record.activation ?? null }
  }

  app.post('/__admin/reset', {
    schema: { tags: ['admin'], summary: 'Clear all accounts, the journal, the faults and the api-keys registered by provider states', response: { 200: ResetSchema, ...errors } },
  }, async () => {
    await Promise.all([accounts.reset(), journal.clear(), faults.clear(), keys.clear()])
    return { status: 'reset' }
  })

  app.get<{ Querystring: AccountsQuery }>('/__admin/accounts', {
    schema: { tags: ['admin'], summary: 'Every account that is not fresh, ordered by SID, a page at a time', querystring: AccountsQuerySchema, response: { 200: AccountPageSchema, ...errors } },
  }, async (request) => {
    const page = await accounts.list({ after: request.query.after, limit: request.query.limit })
    return { accounts: page.accounts.map(shown), next: page.next }
  })

  app.get<SidRoute>('/__admin/accounts/:sid', {
    schema: { tags: ['admin'], summary: 'Show an account: its state and the activation it created', params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => show(request.params.sid))

  app.put<SidRoute & { Body: SeedBody }>('/__admin/accounts/:sid', {
    schema: {
      tags: ['admin'],
      summary: 'Seed an account: fresh, submitted or active_channel (the last two answer E937)',
      params: SidParamsSchema,
      body: SeedBodySchema,
      response: { 200: AccountSchema, ...errors },
    },
  }, async (request) => {
    await accounts.seed(request.params.sid, request.body.state)
    return show(request.params.sid)
  })

  app.delete<SidRoute>('/__admin/accounts/:sid', {
    schema: { tags: ['admin'], summary: 'Reset one account to fresh', params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => {
    await accounts.reset(request.params.sid)
    return show(request.params.sid)
  })
}

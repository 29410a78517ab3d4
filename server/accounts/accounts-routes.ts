import type { FastifyInstance } from 'fastify'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { AccountPageSchema, AccountSchema, AccountsQuerySchema, ResetSchema, SeedBodySchema, SidParamsSchema } from './account-schemas.js'
import type { AccountsQuery, SeedBody } from './account-schemas.js'
import type { AccountStore } from './account-store.js'
import { namespaceOf } from '../http/namespace-prefix.js'
import { storeWaitOf } from '../platform/store-wait.js'

interface SidRoute { Params: { sid: string } }

/** Reset everything, or seed, show and reset one account: in the request's namespace. */
export async function accountRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema }

  async function show (accounts: AccountStore, sid: string) {
    return shown(await accounts.get(sid))
  }

  function shown (record: { sid: string, state: string, activation?: unknown }) {
    return { sid: record.sid, state: record.state, activation: record.activation ?? null }
  }

  app.post('/__admin/reset', {
    schema: { tags: ['admin'], summary: 'Clear all accounts, the journal, the faults and the api-keys registered by provider states', response: { 200: ResetSchema, ...errors } },
  }, async (request) => {
    const { accounts, journal, faults, keys } = request.ns
    await Promise.all([accounts.reset(), journal.clear(), faults.clear(), keys.clear()])
    return { status: 'reset' }
  })

  app.delete('/__admin/reset', {
    schema: { tags: ['admin'], summary: 'Under /ns/{name}: drop the namespace entirely. The default namespace cannot be dropped: it is reset as by POST', response: { 200: ResetSchema, ...errors } },
  }, async (request) => {
    const name = namespaceOf(request)
    if (name !== undefined) {
      await app.state.dropNamespace(name, storeWaitOf(request))
      return { status: 'reset' }
    }
    const { accounts, journal, faults, keys } = request.ns
    await Promise.all([accounts.reset(), journal.clear(), faults.clear(), keys.clear()])
    return { status: 'reset' }
  })

  app.get<{ Querystring: AccountsQuery }>('/__admin/accounts', {
    schema: { tags: ['admin'], summary: 'Every account that is not fresh, ordered by SID, a page at a time', querystring: AccountsQuerySchema, response: { 200: AccountPageSchema, ...errors } },
  }, async (request) => {
    const page = await request.ns.accounts.list({ after: request.query.after, limit: request.query.limit })
    return { accounts: page.accounts.map(shown), next: page.next }
  })

  app.get<SidRoute>('/__admin/accounts/:sid', {
    schema: { tags: ['admin'], summary: 'Show an account: its state and the activation it created', params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => show(request.ns.accounts, request.params.sid))

  app.put<SidRoute & { Body: SeedBody }>('/__admin/accounts/:sid', {
    schema: {
      tags: ['admin'],
      summary: 'Seed an account: fresh, submitted or active_channel (the last two answer E937)',
      params: SidParamsSchema,
      body: SeedBodySchema,
      response: { 200: AccountSchema, ...errors },
    },
  }, async (request) => {
    const { accounts } = request.ns
    await accounts.seed(request.params.sid, request.body.state)
    return show(accounts, request.params.sid)
  })

  app.delete<SidRoute>('/__admin/accounts/:sid', {
    schema: { tags: ['admin'], summary: 'Reset one account to fresh', params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => {
    const { accounts } = request.ns
    await accounts.reset(request.params.sid)
    return show(accounts, request.params.sid)
  })
}

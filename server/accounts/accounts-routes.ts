import type { FastifyInstance } from 'fastify'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { AccountPageSchema, AccountSchema, AccountsQuerySchema, ResetSchema, SeedBodySchema, SidParamsSchema } from './account-schemas.js'
import type { AccountsQuery, SeedBody } from './account-schemas.js'
import type { AccountStore } from './account-store.js'
import { namespaceOf } from '../http/namespace-prefix.js'
import { storeWaitOf } from '../platform/store-wait.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

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

  app.post(ADMIN_ROUTES.reset.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.reset.summary, response: { 200: ResetSchema, ...errors } },
  }, async (request) => {
    const { accounts, journal, faults, keys } = request.ns
    await Promise.all([accounts.reset(), journal.clear(), faults.clear(), keys.clear()])
    return { status: 'reset' }
  })

  app.delete(ADMIN_ROUTES.dropNamespace.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.dropNamespace.summary, response: { 200: ResetSchema, ...errors } },
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

  app.get<{ Querystring: AccountsQuery }>(ADMIN_ROUTES.accounts.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.accounts.summary, querystring: AccountsQuerySchema, response: { 200: AccountPageSchema, ...errors } },
  }, async (request) => {
    const page = await request.ns.accounts.list({ after: request.query.after, limit: request.query.limit })
    return { accounts: page.accounts.map(shown), next: page.next }
  })

  app.get<SidRoute>(ADMIN_ROUTES.account.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.account.summary, params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => show(request.ns.accounts, request.params.sid))

  app.put<SidRoute & { Body: SeedBody }>(ADMIN_ROUTES.seedAccount.path, {
    schema: {
      tags: ['admin'],
      summary: ADMIN_ROUTES.seedAccount.summary,
      params: SidParamsSchema,
      body: SeedBodySchema,
      response: { 200: AccountSchema, ...errors },
    },
  }, async (request) => {
    const { accounts } = request.ns
    await accounts.seed(request.params.sid, request.body.state)
    return show(accounts, request.params.sid)
  })

  app.delete<SidRoute>(ADMIN_ROUTES.resetAccount.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.resetAccount.summary, params: SidParamsSchema, response: { 200: AccountSchema, ...errors } },
  }, async (request) => {
    const { accounts } = request.ns
    await accounts.reset(request.params.sid)
    return show(accounts, request.params.sid)
  })
}

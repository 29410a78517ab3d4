import type { FastifyInstance } from 'fastify'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'
import { applyProviderState, resolveProviderState, type StateAction } from './provider-states.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

interface StateChangeRequest {
  Body: unknown
  Querystring: Record<string, string | undefined>
}

function readStateChange (body: unknown, query: Record<string, string | undefined>): { state: string, params: Record<string, unknown>, action: StateAction } {
  // Pact verifiers send a JSON body; with "state change as query" they use the query string.
  const source = body !== null && typeof body === 'object' && Object.keys(body).length > 0 ? body as Record<string, unknown> : query
  const { state, params, action = 'setup' } = source
  if (typeof state !== 'string' || state.trim() === '') throw new ApiError('BAD_REQUEST', 'A state change needs a "state" string.')
  if (action !== 'setup' && action !== 'teardown') throw new ApiError('BAD_REQUEST', 'The "action" of a state change must be "setup" or "teardown".')
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) throw new ApiError('BAD_REQUEST', 'The "params" of a state change must be an object.')
  const fromQuery = source === query ? Object.fromEntries(Object.entries(query).filter(([key]) => !['state', 'action'].includes(key))) : {}
  return { state, params: { ...fromQuery, ...(params as Record<string, unknown> | undefined) }, action }
}

/**
 * POST /__admin/provider-states: the state-change endpoint Pact verifiers of every language
 * call before (setup) and after (teardown) each interaction. Answers the state's values.
 */
export async function providerStatesRoute (app: FastifyInstance): Promise<void> {
  app.post<StateChangeRequest>(ADMIN_ROUTES.providerStates.path, async (request, reply) => {
    try {
      const { state, params, action } = readStateChange(request.body, request.query)
      const resolved = resolveProviderState(state, params)
      await applyProviderState(request.ns, resolved, action)
      return reply.code(200).send(resolved.values)
    } catch (error) {
      if (error instanceof ApiError) return sendApiError(reply, error)
      throw error
    }
  })
}

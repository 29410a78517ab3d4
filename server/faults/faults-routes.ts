import type { FastifyInstance } from 'fastify'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'
import type { NewFault } from './fault-store.js'
import { AdminErrorSchema, DEFAULT_FAULT_TIMES, FaultBodySchema, FaultListSchema, FaultSchema } from '../admin/admin-schemas.js'
import type { FaultBody } from '../admin/admin-schemas.js'
import { storeWaitOf } from '../state/store-wait.js'

function toFault (body: FaultBody): NewFault | string {
  // Ajv fills in the schema's default; the type cannot know that.
  const base = { kind: body.kind, sid: body.sid ?? null, remaining: body.times ?? DEFAULT_FAULT_TIMES }
  switch (body.kind) {
    case 'delay':
      if (body.delayMs === undefined) return 'A delay fault needs delayMs.'
      return { ...base, delayMs: body.delayMs }
    case 'status':
      return { ...base, status: body.status ?? 500 }
    case 'drop':
      return base
  }
}

/** Faults make the next requests to the vendor endpoint slow, failing or cut off. */
export async function faultRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }

  app.post<{ Body: FaultBody }>('/__admin/faults', {
    schema: {
      tags: ['admin'],
      summary: 'Make the next N requests (for one SID or any) answer slowly, with a 500/503, or drop the connection',
      body: FaultBodySchema,
      response: { 201: FaultSchema, ...errors },
    },
  }, async (request, reply) => {
    const fault = toFault(request.body)
    if (typeof fault === 'string') return sendApiError(reply, new ApiError('BAD_REQUEST', fault))
    return reply.code(201).send(await request.ns.faults.add(fault))
  })

  app.get('/__admin/faults', {
    schema: { tags: ['admin'], summary: 'The faults still pending', response: { 200: FaultListSchema, ...errors } },
  }, async (request) => ({ faults: await request.ns.faults.list(storeWaitOf(request)) }))

  app.delete('/__admin/faults', {
    schema: { tags: ['admin'], summary: 'Clear every pending fault', response: { 200: FaultListSchema, ...errors } },
  }, async (request) => {
    // Both steps within the request's one store timeout, as the endpoint's steps are.
    const wait = storeWaitOf(request)
    const { faults } = request.ns
    await faults.clear(wait)
    return { faults: await faults.list(wait) }
  })
}

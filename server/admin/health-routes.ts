import type { FastifyInstance } from 'fastify'
import { HealthSchema } from './admin-schemas.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

/** Liveness and readiness: 200 while serving, 503 once shutdown has begun or while the state store is unreachable. Never needs the token. */
export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get(ADMIN_ROUTES.health.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.health.summary, response: { 200: HealthSchema, 503: HealthSchema } },
  }, async (_request, reply) => {
    if (app.lifecycle.closing) return reply.code(503).header('connection', 'close').send({ status: 'closing' })
    // 503 while the state backend cannot serve (Redis unreachable), so a load balancer takes the replica out.
    const store = await app.state.health()
    return reply.code(store.ok ? 200 : 503).send({ status: store.ok ? 'ok' : 'unavailable', store })
  })
}

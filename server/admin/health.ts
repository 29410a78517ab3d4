import type { FastifyInstance } from 'fastify'
import { HealthSchema } from './schemas.js'

/** Liveness and readiness: 200 while serving, 503 once shutdown has begun. Never needs the token. */
export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/__admin/health', {
    schema: { tags: ['admin'], summary: 'Liveness and readiness', response: { 200: HealthSchema, 503: HealthSchema } },
  }, async (_request, reply) => {
    if (app.lifecycle.closing) return reply.code(503).header('connection', 'close').send({ status: 'closing' })
    return { status: 'ok' }
  })
}

import type { FastifyInstance } from 'fastify'

/** Everything under /__admin, outside the vendor's URL space. */
export async function adminRoutes (app: FastifyInstance): Promise<void> {
  app.get('/__admin/health', async () => ({ status: 'ok' }))
}

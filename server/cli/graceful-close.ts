import type { FastifyInstance } from 'fastify'

/**
 * Closes the app: no new connections, in-flight requests finish. Past `timeoutMs` the
 * remaining connections are cut. Resolves true when everything finished in time.
 */
export async function closeWithin (app: FastifyInstance, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs) })
  const closed = app.close().then(() => true as const)
  const clean = await Promise.race([closed, timedOut])
  clearTimeout(timer)
  if (clean) return true
  app.server.closeAllConnections()
  await closed
  return false
}

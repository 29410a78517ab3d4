import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'

/** What closing may still take once the connections are cut (a state backend letting go of Redis). */
const AFTER_CUT_MS = 200

/**
 * Closes the app: no new connections, in-flight requests finish. Past `timeoutMs` the
 * remaining connections are cut, and whatever closing still waits for (a request's store call,
 * a frozen Redis's goodbye) gets AFTER_CUT_MS more: nothing holds the exit longer. Resolves true
 * when everything finished in time.
 */
export async function closeWithin (app: FastifyInstance, timeoutMs: number): Promise<boolean> {
  const timer = new AbortController()
  const closed = app.close().then(() => true as const)
  const clean = await Promise.race([closed, sleep(timeoutMs, false as const, { signal: timer.signal }).catch(() => false as const)])
  timer.abort()
  if (clean) return true
  app.server.closeAllConnections()
  closed.catch(() => {})
  await Promise.race([closed, sleep(AFTER_CUT_MS)])
  return false
}

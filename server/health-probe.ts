import { loadConfig } from './config.js'

/**
 * The container's HEALTHCHECK, with node alone (the slim image has no curl): 0 when
 * GET /__admin/health on the configured port answers 200 within two seconds, 1 otherwise.
 */
export async function probeHealth (): Promise<number> {
  try {
    const { port } = loadConfig()
    const response = await fetch(`http://127.0.0.1:${port}/__admin/health`, { signal: AbortSignal.timeout(2000) })
    return response.status === 200 ? 0 : 1
  } catch {
    return 1
  }
}

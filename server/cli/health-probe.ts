import { get } from 'node:http'
import { adminPath } from '../http/admin-route-table.js'
import { loadConfig } from './config.js'

const PROBE_TIMEOUT_MS = 2000

/**
 * The container's HEALTHCHECK, with node alone (the slim image has no curl): 0 when
 * GET /__admin/health on the configured port answers 200 within two seconds, 1 otherwise.
 * node:http rather than fetch, which loads undici: most of a probe's own start-up.
 */
export function probeHealth (): Promise<number> {
  return new Promise((resolve) => {
    let port: number
    try {
      port = loadConfig().port
    } catch {
      resolve(1)
      return
    }
    const request = get({ host: '127.0.0.1', port, path: adminPath('health') }, (response) => {
      response.resume()
      clearTimeout(timer)
      resolve(response.statusCode === 200 ? 0 : 1)
    })
    const timer = setTimeout(() => { request.destroy() }, PROBE_TIMEOUT_MS)
    request.on('error', () => {
      clearTimeout(timer)
      resolve(1)
    })
  })
}

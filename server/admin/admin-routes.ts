import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { ADMIN_HEADERS } from '../http/admin-path.js'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'
import { providerStatesRoute } from '../contract/provider-states-routes.js'
import { accountRoutes } from '../accounts/accounts-routes.js'
import { faultRoutes } from '../faults/faults-routes.js'
import { healthRoutes } from './health-routes.js'
import { refuseCrossSiteRequests } from './cross-site-guard.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { createHostGuard, type HostGuardOptions } from './host-guard.js'
import { openapiRoutes } from './openapi-routes.js'
import { requestRoutes } from '../journal/requests-routes.js'
import { snapshotRoute } from '../state/snapshot-routes.js'
import { namespacesRoute } from './namespaces-routes.js'
import { inspectorDataRoutes, inspectorPageRoutes } from '../inspector/inspector-routes.js'
import { fixturesRoutes } from '../fixtures/fixtures-routes.js'
import { metricsRoutes } from '../metrics/metrics-routes.js'
import { reportRoutes } from '../report/report-routes.js'

export interface AdminOptions extends HostGuardOptions {
  /** When set, every admin route but health and the inspector's page needs `Authorization: Bearer <token>`. */
  token?: string
  /** Where the built inspector page is (dist/inspector when absent). */
  inspectorAssets?: string
}

function digest (text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Everything under /__admin, outside the vendor's URL space. */
export async function adminRoutes (app: FastifyInstance, options: AdminOptions): Promise<void> {
  // onSend, not onRequest: it also covers answers sent before this scope's hooks run (shutdown's 503).
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(ADMIN_HEADERS)
    done(null, payload)
  })
  // First of all: a page that rebound its own name to this address must not even get the inspector.
  const refuseOtherHosts = createHostGuard(options)
  if (refuseOtherHosts !== undefined) app.addHook('onRequest', refuseOtherHosts)
  // The page holds no data and no frame may hold it (its CSP), so a link from anywhere may open it;
  // it asks for the token and sends it with every call it makes.
  await app.register(inspectorPageRoutes, { assetsDirectory: options.inspectorAssets })

  await app.register(async (ownSite) => {
    // Before the token: without one, this is all that keeps another site's page out.
    ownSite.addHook('onRequest', refuseCrossSiteRequests)
    ownSite.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, response: { ...route.schema?.response as object | undefined, 403: ErrorEnvelopeSchema } }
    })
    await ownSite.register(healthRoutes)
    // The sample certificates hold no data: `curl -F business_certificate=@<(curl …)` needs no token.
    await ownSite.register(fixturesRoutes, {})
    await ownSite.register(tokenGuardedRoutes, options)
  })
}

/** The admin API proper: behind the token when one is configured. */
async function tokenGuardedRoutes (guarded: FastifyInstance, options: AdminOptions): Promise<void> {
  // Documented as optional: the token is only needed when one is configured.
  guarded.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{}, { adminToken: [] }] }
  })
  if (options.token !== undefined) {
    const expected = digest(`Bearer ${options.token}`)
    guarded.addHook('onRequest', async (request, reply) => {
      const sent = request.headers.authorization
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
        return sendApiError(reply, new ApiError('ADMIN_UNAUTHORIZED', undefined, undefined, { 'www-authenticate': 'Bearer' }))
      }
    })
  }
  await guarded.register(accountRoutes)
  await guarded.register(requestRoutes)
  await guarded.register(faultRoutes)
  await guarded.register(reportRoutes)
  await guarded.register(openapiRoutes)
  await guarded.register(providerStatesRoute)
  await guarded.register(snapshotRoute)
  await guarded.register(namespacesRoute)
  await guarded.register(metricsRoutes)
  await guarded.register(inspectorDataRoutes)
}

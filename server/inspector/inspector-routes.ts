import type { FastifyInstance, FastifyReply } from 'fastify'
import { ApiError } from '../http/errors.js'
import { pathAsSent } from '../http/namespace-prefix.js'
import { explainEntry } from './explain-entry.js'
import { InspectorPageSchema, type InspectorPage } from './inspector-schemas.js'
import { defaultAssetsDirectory, readInspectorAssets } from './inspector-assets.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

export interface InspectorOptions {
  /** The built page (scripts/build-inspector.ts); dist/inspector when absent. */
  assetsDirectory?: string
}

/**
 * The page runs only its own files: no inline script or style, nothing from elsewhere, no
 * forms posted away, no framing. Journal strings are client-controlled; the page renders them
 * as text, and this policy stops anything that slipped through from running.
 */
export const INSPECTOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

function secure (reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', INSPECTOR_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-resource-policy', 'same-origin')
}

/** How long a browser may keep each page file; set last, over the admin API's no-store. */
interface CachingConfig { cacheControl: string }

/** GET /__admin/ui and its assets: public, like any static page, for the shell holds no data. */
export async function inspectorPageRoutes (app: FastifyInstance, options: InspectorOptions): Promise<void> {
  const assets = readInspectorAssets(options.assetsDirectory ?? defaultAssetsDirectory())
  const notBuilt = (): ApiError => new ApiError('SERVICE_UNAVAILABLE', 'The inspector page is not built: run npm run build.')

  // This scope's onSend runs after the admin API's, which marks every admin answer no-store: the
  // page's files hold no data, so they keep their own caching (an error keeps no-store).
  app.addHook('onSend', (request, reply, payload, done) => {
    const { cacheControl } = request.routeOptions.config as Partial<CachingConfig>
    if (reply.statusCode === 200 && cacheControl !== undefined) reply.header('cache-control', cacheControl)
    done(null, payload)
  })

  for (const url of [ADMIN_ROUTES.inspector.path, `${ADMIN_ROUTES.inspector.path}/`]) {
    // Revalidated each time: it names the current assets, which are cached for good.
    app.get<object, CachingConfig>(url, { schema: { hide: true }, config: { cacheControl: 'no-cache' } }, async (_request, reply) => {
      if (assets === undefined) throw notBuilt()
      return secure(reply).type('text/html; charset=utf-8').send(assets.shell)
    })
  }

  app.get<{ Params: { name: string } }, CachingConfig>(ADMIN_ROUTES.inspectorAsset.path, { schema: { hide: true }, config: { cacheControl: 'public, max-age=31536000, immutable' } }, async (request, reply) => {
    if (assets === undefined) throw notBuilt()
    const file = assets.files.get(request.params.name)
    if (file === undefined) throw new ApiError('ROUTE_NOT_FOUND', `GET ${pathAsSent(request)}`)
    return secure(reply).type(file.type).send(file.body)
  })
}

const MAX_ENTRIES = 5000

/** What the page polls; behind the admin token like the rest of the admin API. */
export async function inspectorDataRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { since?: number, limit: number } }>(ADMIN_ROUTES.inspectorRequests.path, {
    schema: {
      hide: true,
      querystring: {
        type: 'object',
        properties: {
          since: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_ENTRIES, default: 1000 },
        },
        additionalProperties: false,
      },
      response: { 200: InspectorPageSchema },
    },
  }, async (request): Promise<InspectorPage> => {
    const page = await request.ns.journal.list({ since: request.query.since, limit: request.query.limit })
    return { entries: page.entries.map(explainEntry), total: page.total, dropped: page.dropped, capacity: page.capacity }
  })
}

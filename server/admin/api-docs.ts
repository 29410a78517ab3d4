import type { SwaggerOptions } from '@fastify/swagger'
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { ACTIVATION_PATH } from '../activation/activation-route.js'
import { BOOT_OPTIONS } from './boot-options.js'
import { ActivationBodySchema, ActivationHeadersSchema, ActivationParamsSchema } from '../activation/activation-openapi.js'
import { SuccessEnvelopeSchema } from '../activation/activation-schemas.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'

const ACTIVATION_DOCS = {
  tags: ['activation'],
  summary: 'Submit a WhatsApp activation request (once per account)',
  params: ActivationParamsSchema,
  headers: ActivationHeadersSchema,
  consumes: ['multipart/form-data', 'application/json', 'application/x-www-form-urlencoded'],
  body: ActivationBodySchema,
  response: {
    200: SuccessEnvelopeSchema,
    400: ErrorEnvelopeSchema,
    401: ErrorEnvelopeSchema,
    413: ErrorEnvelopeSchema,
    500: ErrorEnvelopeSchema,
    503: ErrorEnvelopeSchema,
  },
}

const SWAGGER_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Kaleyra WhatsApp Registration API mock',
      description: 'The retired POST /v1/{sid}/whatsapp/activation endpoint, and the mock\'s admin API under /__admin. ' +
        'Under /ns/{namespace} (the second server) every path exists again, seeing only that namespace\'s accounts, id counters, ' +
        'journal, faults and api-keys; a namespace is made by its first use, listed by GET /__admin/namespaces and dropped by ' +
        'DELETE /ns/{namespace}/__admin/reset. A name outside the rule is answered 400 E400.',
      version: '0.1.0',
    },
    servers: [
      { url: '/', description: 'The default namespace' },
      {
        url: '/ns/{namespace}',
        description: 'A namespace: the whole mock again, isolated',
        variables: { namespace: { default: 'my-test-run', description: '1 to 64 characters of [A-Za-z0-9._-]' } },
      },
    ],
    tags: [{ name: 'activation', description: 'The vendor\'s endpoint' }, { name: 'admin', description: 'The mock\'s own API' }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'Needed by every admin route but health when MOCK_ADMIN_TOKEN is set.' },
      },
    },
  },
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenAPI 3.1 description of every route (GET /__admin/openapi.json), made on the first call. */
    openapiDocument (): Promise<unknown>
  }
}

/**
 * @fastify/swagger's document for these routes: the plugin is loaded now, and given a copy of the
 * app that has the same routes with the same schema objects and no handlers.
 */
async function describeRoutes (routes: readonly RouteOptions[]): Promise<unknown> {
  const { default: swagger } = await import('@fastify/swagger')
  // The app's own compilers: validators compile on a first request, which the copy never gets.
  const copy = Fastify({ exposeHeadRoutes: false, schemaController: BOOT_OPTIONS.schemaController })
  await copy.register(swagger, SWAGGER_OPTIONS)
  for (const { method, url, schema, config } of routes) copy.route({ method, url, schema, config, handler: async () => null })
  try {
    await copy.ready()
    return copy.swagger()
  } finally {
    await copy.close()
  }
}

/**
 * Collects the routes so GET /__admin/openapi.json can describe every one from the schemas it is
 * built with; @fastify/swagger (with its YAML and $ref libraries) is loaded on the first request
 * for the document, not at start. The activation route's schema only documents it: its checks stay
 * in the activation's rule table (the vendor's order and messages), so no validator runs on it, and
 * no response schema ever reorders or drops fields (bodies go out through JSON.stringify).
 */
async function apiDocs (app: FastifyInstance): Promise<void> {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === ACTIVATION_PATH && route.method === 'POST') {
      route.schema = ACTIVATION_DOCS
      route.validatorCompiler = () => () => true
    }
    // As @fastify/swagger: the HEAD twins of GET routes are not documented. The route object is
    // kept, not copied, so schema changes made by later onRoute hooks (admin security) are seen.
    if (route.method !== 'HEAD') routes.push(route)
  })
  let document: Promise<unknown> | undefined
  app.decorate('openapiDocument', () => {
    document ??= describeRoutes(routes).catch((error: unknown) => {
      document = undefined
      throw error
    })
    return document
  })
}

export default fp(apiDocs, { name: 'api-docs' })

import swagger from '@fastify/swagger'
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { ACTIVATION_PATH } from './activation-route.js'
import { ActivationBodySchema, ActivationHeadersSchema, ActivationParamsSchema, ErrorEnvelopeSchema, SuccessEnvelopeSchema } from './plain-schemas.js'

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
    415: ErrorEnvelopeSchema,
    500: ErrorEnvelopeSchema,
    503: ErrorEnvelopeSchema,
  },
}

/**
 * Registers @fastify/swagger so GET /__admin/openapi.json describes every route from the
 * schemas it is built with. The activation route's schema only documents it: its checks stay
 * in validate-activation.ts (the vendor's order and messages), so no validator runs on it, and
 * no response schema ever reorders or drops fields (bodies go out through JSON.stringify).
 */
async function apiDocs (app: FastifyInstance): Promise<void> {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== ACTIVATION_PATH || route.method !== 'POST') return
    route.schema = ACTIVATION_DOCS
    route.validatorCompiler = () => () => true
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kaleyra WhatsApp Registration API mock',
        description: 'The retired POST /v1/{sid}/whatsapp/activation endpoint, and the mock\'s admin API under /__admin.',
        version: '0.1.0',
      },
      tags: [{ name: 'activation', description: 'The vendor\'s endpoint' }, { name: 'admin', description: 'The mock\'s own API' }],
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'Needed by every admin route but health when MOCK_ADMIN_TOKEN is set.' },
        },
      },
    },
  })
}

export default fp(apiDocs, { name: 'api-docs' })

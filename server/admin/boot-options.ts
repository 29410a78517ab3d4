import type { FastifyServerOptions } from 'fastify'
import { lazyValidatorFactory } from './lazy-validators.js'

/**
 * Fastify options that only make start-up cheaper; what the server answers does not change.
 * Measured on the 2-core VM (see the README's Start-up section).
 */
export const BOOT_OPTIONS: Pick<FastifyServerOptions, 'ajv' | 'schemaController'> = {
  // The admin schemas are generated from TypeBox and tested (server/admin/plain-schemas.ts); checking
  // them against the JSON Schema meta-schema at every start cost Ajv a compile of that meta-schema.
  ajv: { customOptions: { validateSchema: false } },
  schemaController: {
    compilersFactory: {
      // Ajv loads and compiles a route's validator on its first validated request (lazy-validators.ts).
      buildValidator: lazyValidatorFactory,
      // Every body goes out through JSON.stringify (api-docs.ts), so fast-json-stringify's
      // compiler, which Fastify would otherwise load at start, is never needed.
      buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
    },
  },
}

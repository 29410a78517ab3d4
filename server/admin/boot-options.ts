import type { FastifyServerOptions } from 'fastify'
import { lazyValidatorFactory } from './lazy-validators.js'

/**
 * Fastify options that only make start-up cheaper; what the server answers does not change
 * (docs/decisions/start-up.md has the measurements).
 */
export const BOOT_OPTIONS: Pick<FastifyServerOptions, 'ajv' | 'schemaController'> = {
  // The admin schemas are TypeBox's, which writes valid JSON Schema; checking each against the
  // meta-schema would first cost Ajv a compile of that meta-schema.
  ajv: { customOptions: { validateSchema: false } },
  schemaController: {
    compilersFactory: {
      // Ajv compiles a route's validator on its first validated request (lazy-validators.ts).
      buildValidator: lazyValidatorFactory,
      // Every body goes out through JSON.stringify (api-docs.ts): fast-json-stringify would
      // reorder or drop fields that a response schema does not list.
      buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
    },
  },
}

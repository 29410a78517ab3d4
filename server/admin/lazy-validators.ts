import ajvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'

type Validate = ((data: unknown, context?: object) => boolean) & { errors?: unknown, schemaEnv?: unknown }

/**
 * Fastify's own validator compiler (@fastify/ajv-compiler, same options, same Ajv), run on a
 * route's first validated request instead of at start: Ajv compiling every admin route's schema
 * when the app is ready made a start cost about 80 ms more CPU (docs/decisions/start-up.md), and
 * only the admin API has validated input, which most runs never receive. (As with any validator
 * factory, Fastify does not lower-case header schemas for it; no admin route has one.)
 */
export const lazyValidatorFactory: ValidatorFactory = (externalSchemas, options) => {
  let compile: ReturnType<ValidatorFactory> | undefined
  return (route) => {
    let compiled: Validate | undefined
    const validate: Validate = (data, context) => {
      // One Ajv per app (per schema controller), as Fastify makes it.
      compile ??= ajvCompiler()(externalSchemas, options)
      compiled ??= compile(route) as Validate
      const valid = compiled(data, context)
      validate.errors = compiled.errors
      return valid
    }
    // Fastify hands Ajv's functions (which have a schemaEnv) the parent object, so Ajv may coerce a root value.
    validate.schemaEnv = true
    return validate as ReturnType<ReturnType<ValidatorFactory>>
  }
}

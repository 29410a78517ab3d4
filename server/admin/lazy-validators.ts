import type { ValidatorFactory } from '@fastify/ajv-compiler'

type AjvCompiler = typeof import('@fastify/ajv-compiler')
type Validate = ((data: unknown, context?: object) => boolean | Promise<boolean>) & { errors?: unknown, schemaEnv?: unknown }

let loaded: AjvCompiler | undefined
let loading: Promise<AjvCompiler> | undefined

function loadAjv (): Promise<AjvCompiler> {
  // A CommonJS module: its exports are the default export (in a bundle too).
  loading ??= import('@fastify/ajv-compiler').then((module) => (loaded = module.default))
  return loading
}

/**
 * Fastify's own validator (@fastify/ajv-compiler, same options, same Ajv), loaded and compiled on a
 * route's first validated request instead of at start: only the admin API has validated input,
 * and most runs never send it one. Until Ajv is loaded, a validator answers with a promise, which
 * Fastify awaits as it does for an async schema (the result and `errors` are the same); after
 * that it answers synchronously. (As with any validator factory, Fastify does not lower-case header
 * schemas for it; no admin route has one.)
 */
export const lazyValidatorFactory: ValidatorFactory = (externalSchemas, options) => {
  let compile: ReturnType<ValidatorFactory> | undefined
  return (route) => {
    let compiled: Validate | undefined
    const check = (ajvCompiler: AjvCompiler, data: unknown, context?: object) => {
      // One Ajv per app (per schema controller), as Fastify makes it.
      compile ??= ajvCompiler()(externalSchemas, options)
      compiled ??= compile(route) as Validate
      const valid = compiled(data, context)
      validate.errors = compiled.errors
      return valid
    }
    const validate: Validate = (data, context) => loaded === undefined
      ? loadAjv().then((ajvCompiler) => check(ajvCompiler, data, context))
      : check(loaded, data, context)
    // Fastify hands Ajv's functions (which have a schemaEnv) the parent object, so Ajv may coerce a root value.
    validate.schemaEnv = true
    return validate as ReturnType<ReturnType<ValidatorFactory>>
  }
}

import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'pino'

/**
 * A request's logger that makes its pino child (bound to the request's id) when something first
 * logs through it, then hands every call to that child: its lines are the child's. The usual
 * request logs nothing through it (its one line is request-log.ts's), and a pino child per
 * request was a measurable part of the request's cost (docs/decisions/request-path.md).
 */
function call (method: unknown, logger: FastifyBaseLogger, args: unknown[]): void {
  (method as (...args: unknown[]) => void).apply(logger, args)
}

class LazyRequestLogger {
  private made: FastifyBaseLogger | undefined

  constructor (private readonly parent: FastifyBaseLogger, private readonly bindings: Bindings, private readonly options: ChildLoggerOptions) {}

  private get logger (): FastifyBaseLogger {
    return this.made ??= this.parent.child(this.bindings, this.options)
  }

  get level (): string {
    return this.made?.level ?? this.options.level ?? this.parent.level
  }

  set level (level: string) {
    this.logger.level = level
  }

  // Methods on the prototype, not fields: nothing is made per request but the object itself.
  fatal (...args: unknown[]): void { call(this.logger.fatal, this.logger, args) }
  error (...args: unknown[]): void { call(this.logger.error, this.logger, args) }
  warn (...args: unknown[]): void { call(this.logger.warn, this.logger, args) }
  info (...args: unknown[]): void { call(this.logger.info, this.logger, args) }
  debug (...args: unknown[]): void { call(this.logger.debug, this.logger, args) }
  trace (...args: unknown[]): void { call(this.logger.trace, this.logger, args) }
  silent (...args: unknown[]): void { call(this.logger.silent, this.logger, args) }

  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options)
  }
}

/** Fastify's `childLoggerFactory`: a LazyRequestLogger in place of a pino child made for every request. */
export const lazyRequestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) =>
  new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger

/**
 * The state store could not serve: Redis did not answer in time (or cannot serve right now), or a
 * change could not be kept (the state file). The error handler answers it with the catalogue's 503
 * envelope, its message the envelope's detail; the kind is for the metrics. On its own, without
 * the Redis client, so that the error handler can tell it without loading ioredis. Like the wire
 * format's errors it is an answer, not a fault, so it carries no stack.
 */
export class StoreError extends Error {
  readonly name = 'StoreError'
  constructor (readonly storeFailure: 'timeout' | 'write', detail: string) {
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(detail)
    Error.stackTraceLimit = stackTraceLimit
  }
}

export const UNAVAILABLE_DETAIL = 'The shared state store (Redis) is unreachable; try again shortly.'

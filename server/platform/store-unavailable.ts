/**
 * The shared state store did not answer in time or cannot serve right now. On its own, without
 * the Redis client, so that the error handler can tell it without loading ioredis.
 */
export const UNAVAILABLE_DETAIL = 'The shared state store (Redis) is unreachable; try again shortly.'

/**
 * Redis did not answer in time or cannot serve right now; the error handler answers it with the
 * 503 envelope (its message is the envelope's detail). Like the wire format's errors it is an
 * answer, not a fault, so it carries no stack.
 */
export class StoreUnavailableError extends Error {
  readonly name = 'StoreUnavailableError'
  constructor () {
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(UNAVAILABLE_DETAIL)
    Error.stackTraceLimit = stackTraceLimit
  }
}

import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { ApiError, envelopeOf } from './errors.js'

/** What Node could not turn into a request, in the catalogue's terms. */
function toSocketError (error: NodeJS.ErrnoException): ApiError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError('REQUEST_TIMEOUT')
  if (error.code === 'HPE_HEADER_OVERFLOW') return new ApiError('HEADERS_TOO_LARGE')
  return new ApiError('BAD_REQUEST', 'The request is not valid HTTP/1.1.')
}

/**
 * Answers errors Node raises before Fastify sees a request (a request that took too long,
 * headers over the limit, broken HTTP) in the envelope style, then closes the connection
 * so nothing the client sent stays in memory.
 */
export function clientErrorHandler (this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const apiError = toSocketError(error)
  this.log.debug({ err: error }, 'client error')
  // Only when no answer has started on this connection, or the bytes would corrupt it.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage
  if (socket.writable && inFlight?.headersSent !== true) socket.write(rawAnswer(apiError))
  socket.destroy(error)
}

/** A whole HTTP/1.1 response carrying the error's envelope, for a socket Node has let go of. */
export function rawAnswer (apiError: ApiError, headers: Record<string, string> = {}): string {
  const body = JSON.stringify(envelopeOf(apiError))
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`
}

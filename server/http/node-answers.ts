import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { rawAnswer } from './client-error.js'
import { ApiError } from './errors.js'
import { sendApiError } from './error-handler.js'

const HOST_MISSING = new ApiError('BAD_REQUEST', 'An HTTP/1.1 request needs a Host header.')
const CONNECT_REFUSED = new ApiError('METHOD_NOT_ALLOWED', 'CONNECT is not allowed: the server is not a proxy.')

/**
 * Requests Node's HTTP server would answer by itself, outside the envelope, answered as the
 * real service's front server (nginx, before PHP) would, in the envelope:
 * - HTTP/1.1 without Host: Node sends a bare 400 (requireHostHeader, off in app.ts); nginx
 *   refuses it with 400 too, here the envelope, and closes the connection.
 * - Expect other than 100-continue: Node sends a bare 417; nginx ignores such an expectation
 *   (ngx_http_test_expect checks only 100-continue), so the request is served as usual.
 * - CONNECT: Node closes the connection without a word; nginx answers 405 ("client sent CONNECT
 *   method"). Here a 405 envelope with an empty Allow (a proxy target allows no method), then
 *   the connection is closed. It never reaches Fastify, so it is not journaled.
 */
async function nodeAnswers (app: FastifyInstance): Promise<void> {
  // Callback style: the usual request, which has a Host, goes on without a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.headers.host !== undefined || request.raw.httpVersion !== '1.1') {
      done()
      return
    }
    reply.header('connection', 'close')
    sendApiError(reply, HOST_MISSING, 'host_missing')
  })

  // With a listener, Node hands such a request over instead of answering 417: serve it as any other.
  app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    app.server.emit('request', request, response)
  })

  app.server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => { socket.destroy() })
    socket.end(rawAnswer(CONNECT_REFUSED, { allow: '' }), () => { socket.destroy() })
  })
}

export default fp(nodeAnswers, { name: 'node-answers', dependencies: ['error-handler'] })

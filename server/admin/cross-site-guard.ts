import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'

/** Sec-Fetch-Site values of a request the browser made from the mock's own pages, or from the address bar. */
const OWN_SITE = new Set(['same-origin', 'none'])

/**
 * Whether the browser's Origin names this server. Host and port are compared under the
 * Origin's scheme, so `http://localhost` matches `Host: localhost:80`. The scheme itself is
 * not: behind a TLS proxy the mock cannot know it, and no other server shares its host and port.
 */
function isOwnOrigin (origin: string, host: string | undefined): boolean {
  if (host === undefined) return false
  try {
    const sender = new URL(origin)
    return sender.origin === origin && new URL(`${sender.protocol}//${host}`).host === sender.host
  } catch {
    // `null` (sandboxed frames, file: pages) and anything unparsable cannot be shown to be this server.
    return false
  }
}

/**
 * Whether a browser marked the request as sent by another site's page. Origin is the precise
 * test; Sec-Fetch-Site decides when there is no Origin (a browser omits it on GETs). Another
 * port of localhost is the same site but another origin, so `same-site` is refused too.
 * A request with neither header comes from curl, test code or a Pact verifier, and passes.
 */
function isCrossSiteRequest (request: FastifyRequest): boolean {
  const { origin, 'sec-fetch-site': fetchSite } = request.headers
  if (origin !== undefined) return !isOwnOrigin(origin, request.headers.host)
  if (typeof fetchSite === 'string') return !OWN_SITE.has(fetchSite)
  return false
}

/**
 * Refuses an admin request made by another site's page. Without MOCK_ADMIN_TOKEN, any page the
 * developer opens could otherwise reset the mock or seed it with a form or a no-cors fetch.
 * GETs are refused too: the answer is unreadable cross-site, but a uniform rule is easier to trust.
 */
export async function refuseCrossSiteRequests (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (isCrossSiteRequest(request)) return sendApiError(reply, new ApiError('ADMIN_CROSS_SITE'))
}

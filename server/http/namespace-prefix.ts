import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { NAMESPACE_NAME, NAMESPACE_PREFIX } from './admin-route-table.js'

/**
 * Under /ns/{name} the whole mock exists again (its endpoint and its admin API), seeing only
 * that namespace's state. The prefix is taken off the URL once, before routing (Fastify's
 * rewriteUrl), so every route, hook and not-found answer serves namespaces unchanged; what
 * quotes the URL back (the journal, the 404 and 405 messages) quotes request.originalUrl,
 * which is the URL as sent. The prefix and the name rule are in admin-route-table.ts, which the
 * clients build their URLs with.
 */

/** Whether a name keeps the rule: 1 to 64 of [A-Za-z0-9._-]. */
export function isNamespaceName (name: string): boolean {
  return NAMESPACE_NAME.test(name)
}

const NAMESPACE = Symbol('namespace')
const INVALID = Symbol('invalid namespace')

interface TaggedRequest extends IncomingMessage {
  [NAMESPACE]?: string
  [INVALID]?: true
}

/**
 * The URL the router sees: as sent outside /ns/ (one comparison of its first bytes), without
 * the prefix under it. A name that breaks the rule leaves the URL as sent, which no route
 * matches; the not-found handler answers it with the namespace's 400.
 */
export function rewriteNamespaceUrl (raw: IncomingMessage): string {
  const url = raw.url!
  if (!url.startsWith(NAMESPACE_PREFIX)) return url
  let end = NAMESPACE_PREFIX.length
  while (end < url.length && url[end] !== '/' && url[end] !== '?') end++
  const name = url.slice(NAMESPACE_PREFIX.length, end)
  if (!NAMESPACE_NAME.test(name)) {
    (raw as TaggedRequest)[INVALID] = true
    return url
  }
  (raw as TaggedRequest)[NAMESPACE] = name
  const rest = url.slice(end)
  return rest.startsWith('/') ? rest : `/${rest}`
}

/** The request's namespace; undefined for the default one (no prefix). */
export function namespaceOf (request: FastifyRequest): string | undefined {
  return (request.raw as TaggedRequest)[NAMESPACE]
}

/** Whether the request's URL began /ns/ with a name the rule refuses. */
export function hasInvalidNamespace (request: FastifyRequest): boolean {
  return (request.raw as TaggedRequest)[INVALID] === true
}

/** The path as sent, without its query: what answers and the journal quote. */
export function pathAsSent (request: FastifyRequest): string {
  const url = request.originalUrl
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

import type { FastifyRequest } from 'fastify'
import { ADMIN_PREFIX, NAMESPACE_PREFIX } from './admin-route-table.js'

/**
 * Sent with every admin answer, errors and health included. The journal holds client strings
 * as sent, so a browser must never guess a type for an admin body (nosniff), and no cache may
 * keep state, journal or snapshot pages (no-store).
 */
export const ADMIN_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const

/** The path without a leading /ns/{segment}, whatever the segment (a refused name too). */
function withoutNamespace (path: string): string {
  if (!path.startsWith(NAMESPACE_PREFIX)) return path
  const end = path.indexOf('/', NAMESPACE_PREFIX.length)
  return end === -1 ? '/' : path.slice(end)
}

function isAdminPath (path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`) || path.startsWith(`${ADMIN_PREFIX}?`)
}

/** The path without its query, with every percent-escape decoded (%2F too); as sent when an escape is broken. */
function decodedPath (url: string): string {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  if (!path.includes('%')) return path
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * Whether a request belongs to the admin API, whose bodies hold tokens and api-keys. Decided by
 * what the router matched, which sees the path decoded (/%5F_admin/… is /__admin/…), never by
 * the URL as sent. A path no route matches is admin when its decoded form (%2F decoded too,
 * which the router keeps encoded) lies under /__admin: it was meant for the admin API, and its
 * body may hold what the admin API's bodies hold. A namespace's prefix (/ns/{name}) is no part of
 * the decision: the router never sees a valid one, and a refused name still meant the admin API.
 */
export function isAdminRequest (request: FastifyRequest): boolean {
  const route = request.routeOptions.url
  return route === undefined ? isAdminPath(decodedPath(withoutNamespace(request.url))) : isAdminPath(route)
}

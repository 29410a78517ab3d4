import { isIP } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'

export interface HostGuardOptions {
  /** Names the admin API also answers for, beyond IP addresses and localhost; `*` turns the check off. */
  allowedHosts?: readonly string[]
  /**
   * Names without a dot are allowed too (a compose service name, the container's hostname): only a
   * local resolver answers for them, never a public site. Set in the project's image.
   */
  allowSingleLabel?: boolean
}

/** The Host header's name or address, lower case, without port or brackets; undefined when unreadable. */
function hostnameOf (host: string | undefined): string | undefined {
  // A Host with a path, user, query or space in it is not a Host.
  if (host === undefined || host === '' || /[/?#@\\\s]/.test(host)) return undefined
  try {
    const { hostname } = new URL(`http://${host}`)
    return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname.replace(/\.$/, '')
  } catch {
    return undefined
  }
}

/**
 * Refuses admin requests addressed to a name the operator did not allow: a page of any site can
 * point its own name at 127.0.0.1 (DNS rebinding) and then call the admin API as a same-origin
 * page, which the cross-site guard cannot tell from the inspector. A Host that is an address (the
 * listen address, loopback, a container's or a pod's) cannot be rebound; neither can `localhost`
 * and its subdomains, which browsers resolve themselves. The endpoint answers any Host, as the
 * vendor's did.
 */
export function createHostGuard (options: HostGuardOptions = {}): ((request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>) | undefined {
  const allowed = new Set((options.allowedHosts ?? []).map((name) => hostnameOf(name) ?? name.toLowerCase()))
  if (allowed.has('*')) return undefined
  const allowSingleLabel = options.allowSingleLabel === true

  function isAllowed (request: FastifyRequest): boolean {
    // Every browser sends a Host; a request without one (HTTP/1.0) cannot come from a rebound page.
    if (request.headers.host === undefined) return true
    const name = hostnameOf(request.headers.host)
    if (name === undefined) return false
    // An address cannot be rebound: a page whose origin is an address is a page of that address.
    if (isIP(name) !== 0) return true
    if (name === 'localhost' || name.endsWith('.localhost')) return true
    return allowed.has(name) || (allowSingleLabel && !name.includes('.'))
  }

  return async (request, reply) => {
    if (!isAllowed(request)) return sendApiError(reply, new ApiError('ADMIN_HOST_NOT_ALLOWED', JSON.stringify(hostnameOf(request.headers.host) ?? '')))
  }
}

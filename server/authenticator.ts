import { ApiError } from './errors.js'

export interface AccountCredentials {
  sid: string
  apiKey: string
}

export interface Authenticator {
  /** Returns the reason the request is refused, or undefined when it may go on. */
  check (sid: string, apiKey: string | string[] | undefined): ApiError | undefined
  /** Makes the key valid for the SID; from then on only registered (or listed) keys open it. */
  register (sid: string, apiKey: string): void
  unregister (sid: string, apiKey: string): void
  /** Forgets every registered key; the accounts list given at start stays. */
  reset (): void
}

function addKey (keysBySid: Map<string, Set<string>>, sid: string, apiKey: string): void {
  const keys = keysBySid.get(sid) ?? new Set<string>()
  keys.add(apiKey)
  keysBySid.set(sid, keys)
}

/**
 * Without a list of accounts any non-empty api-key opens any SID; with one, only the
 * listed sid/api-key pairs do. Keys registered at run time (provider states, per app
 * instance) close their SID to every other key, whether or not there is a list.
 */
export function createAuthenticator (accounts?: readonly AccountCredentials[]): Authenticator {
  const listed = accounts === undefined ? undefined : new Map<string, Set<string>>()
  for (const { sid, apiKey } of accounts ?? []) addKey(listed!, sid, apiKey)
  const registered = new Map<string, Set<string>>()

  return {
    check (sid, header) {
      const apiKey = Array.isArray(header) ? header[0] : header
      if (apiKey === undefined || apiKey.trim() === '') return new ApiError('API_KEY_MISSING')
      const runtimeKeys = registered.get(sid)
      if (listed === undefined && runtimeKeys === undefined) return undefined
      if (runtimeKeys?.has(apiKey) === true || listed?.get(sid)?.has(apiKey) === true) return undefined
      return new ApiError('API_KEY_INVALID')
    },
    register (sid, apiKey) {
      addKey(registered, sid, apiKey)
    },
    unregister (sid, apiKey) {
      const keys = registered.get(sid)
      keys?.delete(apiKey)
      if (keys?.size === 0) registered.delete(sid)
    },
    reset () {
      registered.clear()
    },
  }
}

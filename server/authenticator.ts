import { ApiError } from './errors.js'

export interface AccountCredentials {
  sid: string
  apiKey: string
}

export interface Authenticator {
  /** Returns the reason the request is refused, or undefined when it may go on. */
  check (sid: string, apiKey: string | string[] | undefined): ApiError | undefined
}

/**
 * Without a list of accounts any non-empty api-key opens any SID; with one, only the
 * listed sid/api-key pairs do.
 */
export function createAuthenticator (accounts?: readonly AccountCredentials[]): Authenticator {
  const keysBySid = accounts === undefined ? undefined : new Map<string, Set<string>>()
  for (const { sid, apiKey } of accounts ?? []) {
    const keys = keysBySid!.get(sid) ?? new Set<string>()
    keys.add(apiKey)
    keysBySid!.set(sid, keys)
  }
  return {
    check (sid, header) {
      const apiKey = Array.isArray(header) ? header[0] : header
      if (apiKey === undefined || apiKey.trim() === '') return new ApiError('API_KEY_MISSING')
      if (keysBySid !== undefined && keysBySid.get(sid)?.has(apiKey) !== true) return new ApiError('API_KEY_INVALID')
      return undefined
    },
  }
}

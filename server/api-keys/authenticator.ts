import type { ErrorAnswer } from '../http/errors.js'
import { createMemoryKeyRegistry, type KeyRegistry } from './key-registry.js'
import type { StoreWait } from '../platform/store-wait.js'

export interface AccountCredentials {
  sid: string
  apiKey: string
}

export interface Authenticator {
  /**
   * The reason the request is refused, or undefined when it may go on: at once when the
   * registry is in this process, as a promise when asking it is I/O (bounded by the request's
   * `wait` on the store). `keys` are the request's namespace's registered keys (the app's own by default).
   */
  check (sid: string, apiKey: string | string[] | undefined, wait?: StoreWait, keys?: KeyRegistry): ErrorAnswer | undefined | Promise<ErrorAnswer | undefined>
  /** Makes the key valid for the SID; from then on only registered (or listed) keys open it. */
  register (sid: string, apiKey: string): Promise<void>
  unregister (sid: string, apiKey: string): Promise<void>
  /** Forgets every registered key; the accounts list given at start stays. */
  reset (): Promise<void>
}

/**
 * Without a list of accounts any non-empty api-key opens any SID; with one, only the
 * listed sid/api-key pairs do. Keys registered at run time (provider states) close their
 * SID to every other key, whether or not there is a list; they live in the app's state
 * (`registry`), so replicas sharing Redis share them.
 */
const MISSING: ErrorAnswer = { errorName: 'API_KEY_MISSING' }
const INVALID: ErrorAnswer = { errorName: 'API_KEY_INVALID' }

export function createAuthenticator (accounts?: readonly AccountCredentials[], registry: KeyRegistry = createMemoryKeyRegistry()): Authenticator {
  const listed = accounts === undefined ? undefined : new Map<string, Set<string>>()
  for (const { sid, apiKey } of accounts ?? []) listed!.set(sid, (listed!.get(sid) ?? new Set<string>()).add(apiKey))

  function decide (sid: string, apiKey: string, runtimeKeys: ReadonlySet<string> | undefined): ErrorAnswer | undefined {
    if (listed === undefined && runtimeKeys === undefined) return undefined
    if (runtimeKeys?.has(apiKey) === true || listed?.get(sid)?.has(apiKey) === true) return undefined
    return INVALID
  }

  return {
    check (sid, header, wait, keys = registry) {
      const apiKey = Array.isArray(header) ? header[0] : header
      if (apiKey === undefined || apiKey.trim() === '') return MISSING
      if (keys.keysOfNow !== undefined) return decide(sid, apiKey, keys.keysOfNow(sid))
      return keys.keysOf(sid, wait).then((runtimeKeys) => decide(sid, apiKey, runtimeKeys))
    },
    register: (sid, apiKey) => registry.add(sid, apiKey),
    unregister: (sid, apiKey) => registry.remove(sid, apiKey),
    reset: () => registry.clear(),
  }
}

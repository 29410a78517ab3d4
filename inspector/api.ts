/**
 * Calls to the admin API with the token the user gave, kept in sessionStorage: for this tab
 * only, gone when it closes. A 401 asks for the token once and the call is retried.
 */
import { ADMIN_ROUTES, namespaceBase, routePath, type AdminPathParams, type AdminRoute, type AdminRouteName } from '../server/http/admin-route-table.js'

const TOKEN_KEY = 'kaleyra-mock-admin-token'

class Unauthorized extends Error {}

export interface TokenPrompt {
  /** Resolves with the token the user typed; `refused` says the last one was not accepted. */
  ask (refused: boolean): Promise<string>
}

let prompt: TokenPrompt | undefined
let asking: Promise<string> | undefined
/** The namespace every tab shows: undefined for the default one. */
let namespace: string | undefined

/** Scopes every later call (admin API and Try it) to a namespace; '' is the default one. */
export function useNamespace (name: string): void {
  namespace = name === '' ? undefined : name
}

/** A path of the mock (/v1/…) in the namespace the page shows. */
export function inNamespace (path: string): string {
  return namespaceBase(namespace) + path
}

export function useTokenPrompt (next: TokenPrompt): void {
  prompt = next
}

function storedToken (): string | null {
  return sessionStorage.getItem(TOKEN_KEY)
}

function headersWith (init: RequestInit): Headers {
  const headers = new Headers(init.headers)
  const token = storedToken()
  if (token !== null) headers.set('authorization', `Bearer ${token}`)
  return headers
}

/** One prompt for all calls that met the 401 together. */
function askForToken (refused: boolean): Promise<string> {
  if (prompt === undefined) return Promise.reject(new Unauthorized('the admin API needs a token'))
  asking ??= prompt.ask(refused).finally(() => { asking = undefined })
  return asking
}

async function adminFetch (path: string, init: RequestInit = {}): Promise<Response> {
  for (;;) {
    const sent = storedToken()
    const response = await fetch(path, { ...init, headers: headersWith(init), cache: 'no-store' })
    if (response.status !== 401) return response
    // Another call may have stored a new token while this one was in flight.
    if (storedToken() !== sent) continue
    const token = await askForToken(sent !== null)
    sessionStorage.setItem(TOKEN_KEY, token)
  }
}

/** What an admin call sends beside its route: the route's parameters, a query (with its ?) and a JSON body. */
interface AdminCall<Name extends AdminRouteName> {
  params: AdminPathParams<Name>
  query?: string
  body?: unknown
}

/** A route's name and what the call sends: the parameters are required where its template has any. */
type AdminCallArgs = { [Name in AdminRouteName]: AdminPathParams<Name> extends undefined ? [name: Name, call?: Partial<AdminCall<Name>>] : [name: Name, call: AdminCall<Name>] }[AdminRouteName]

/**
 * A route of the admin API (server/http/admin-route-table.ts) with its method, in the namespace
 * the page shows (a route answered outside any namespace only, outside it).
 * @example await adminJson<Account>('seedAccount', { params: { sid }, body: { state } })
 */
export async function adminJson<T> (...[name, call]: AdminCallArgs): Promise<T> {
  const route: AdminRoute = ADMIN_ROUTES[name]
  const path = routePath(route, call?.params, route.rootOnly === true ? undefined : namespace)
  const response = await adminFetch(`${path}${call?.query ?? ''}`, sendJson(route.method, call?.body))
  const body = await response.json() as T
  if (!response.ok) throw new ApiFailure(response.status, body)
  return body
}

function sendJson (method: string, body?: unknown): RequestInit {
  return body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

class ApiFailure extends Error {
  constructor (readonly status: number, readonly body: unknown) {
    const inner = (body as { error?: { message?: unknown } } | null)?.error?.message
    super(typeof inner === 'string' ? inner : `HTTP ${status}`)
  }
}

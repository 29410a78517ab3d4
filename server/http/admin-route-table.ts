/**
 * Every route of the mock's admin API, in one table: the routes register their paths from it, the
 * clients (mock-client.ts, the CLI's probes, the inspector page) build their URLs with it, and
 * `--help` lists its groups. Pure data and string building, with no import at all, so the
 * inspector's browser bundle takes it as it is (scripts/build-inspector.ts).
 *
 * Under /ns/{name} the whole admin API exists again (namespace-prefix.ts takes the prefix off
 * before routing), but for the list of namespaces, which only the default namespace answers.
 */

export const ADMIN_PREFIX = '/__admin'

/** The start of a namespace's URLs: /ns/{name}/… (namespace-prefix.ts). */
export const NAMESPACE_PREFIX = '/ns/'

/** 1 to 64 of [A-Za-z0-9._-]: safe in a URL, a Redis key and a file, as sent. */
export const NAMESPACE_NAME = /^[\w.-]{1,64}$/

type AdminMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface AdminRoute {
  method: AdminMethod
  /** Fastify's template: `:name` is a parameter of one path segment. */
  path: string
  /** One line: the route's summary in the OpenAPI document, or what it is for when the document leaves it out. */
  summary: string
  /** Needs no admin token even when one is configured (the page, health, the sample certificates). */
  public?: true
  /** Left out of the OpenAPI document (the inspector page and what only it calls). */
  hidden?: true
  /** Answered outside any namespace only: under /ns/{name} it is not found. */
  rootOnly?: true
  /** Also registered with a trailing slash. */
  trailingSlash?: true
}

/** The routes, by the name code refers to them with. */
export const ADMIN_ROUTES = {
  health: { method: 'GET', path: '/__admin/health', summary: 'Liveness and readiness', public: true },
  reset: { method: 'POST', path: '/__admin/reset', summary: 'Clear all accounts, the journal, the faults and the api-keys registered by provider states' },
  dropNamespace: { method: 'DELETE', path: '/__admin/reset', summary: 'Under /ns/{name}: drop the namespace entirely. The default namespace cannot be dropped: it is reset as by POST' },
  accounts: { method: 'GET', path: '/__admin/accounts', summary: 'Every account that is not fresh, ordered by SID, a page at a time' },
  account: { method: 'GET', path: '/__admin/accounts/:sid', summary: 'Show an account: its state and the activation it created' },
  seedAccount: { method: 'PUT', path: '/__admin/accounts/:sid', summary: 'Seed an account: fresh, submitted or active_channel (the last two answer E937)' },
  resetAccount: { method: 'DELETE', path: '/__admin/accounts/:sid', summary: 'Reset one account to fresh' },
  requests: { method: 'GET', path: '/__admin/requests', summary: 'The request journal, newest first, filtered; with wait, as soon as a matching entry exists' },
  clearRequests: { method: 'DELETE', path: '/__admin/requests', summary: 'Clear the request journal' },
  addFault: { method: 'POST', path: '/__admin/faults', summary: 'Make the next N requests (for one SID or any) slow, failing, answered from the catalogue, hung or cut off, or go through a sequence' },
  faults: { method: 'GET', path: '/__admin/faults', summary: 'The faults still pending' },
  clearFaults: { method: 'DELETE', path: '/__admin/faults', summary: 'Clear every pending fault' },
  report: { method: 'GET', path: '/__admin/report', summary: 'What the client did wrong, read from the journal: retries after E937, unchanged rejected bodies, concurrent submissions, retries without backoff, certificate mistakes' },
  snapshot: { method: 'GET', path: '/__admin/snapshot', summary: 'Export all accounts, their activations and the id counters' },
  restoreSnapshot: { method: 'PUT', path: '/__admin/snapshot', summary: 'Replace all accounts and the id counters with a snapshot' },
  namespaces: { method: 'GET', path: '/__admin/namespaces', summary: 'The namespaces in use (/ns/{name}/…), sorted', rootOnly: true },
  providerStates: { method: 'POST', path: '/__admin/provider-states', summary: 'Pact\'s state-change endpoint: sets up or tears down a provider state and answers its values' },
  openapi: { method: 'GET', path: '/__admin/openapi.json', summary: 'This OpenAPI description' },
  metrics: { method: 'GET', path: '/__admin/metrics', summary: 'Prometheus metrics of this process' },
  fixtures: { method: 'GET', path: '/__admin/fixtures', summary: 'The sample certificates the mock serves', public: true },
  fixture: { method: 'GET', path: '/__admin/fixtures/:name', summary: 'A sample certificate, e.g. certificate.png', public: true },
  inspector: { method: 'GET', path: '/__admin/ui', summary: 'The inspector page', public: true, hidden: true, trailingSlash: true },
  inspectorAsset: { method: 'GET', path: '/__admin/ui/assets/:name', summary: 'A file of the inspector page (its script, style and icon)', public: true, hidden: true },
  inspectorRequests: { method: 'GET', path: '/__admin/ui/requests', summary: 'The journal as the inspector shows it: each entry explained', hidden: true },
} as const satisfies Record<string, AdminRoute>

export type AdminRouteName = keyof typeof ADMIN_ROUTES

/**
 * The routes grouped by their first segment after /__admin/, in the order `--help` lists them with
 * the line it gives each; `label` is what `--help` shows (the group's name unless it names a parameter).
 */
export const ADMIN_ROUTE_GROUPS: Readonly<Record<string, { label?: string, help: string }>> = {
  health: { help: 'is the mock (and its state backend) up' },
  reset: { help: 'forget every account, the journal, the faults and added api-keys' },
  accounts: { label: 'accounts/:sid', help: 'read, seed or reset one account' },
  requests: { help: 'the request journal, newest first (?sid=, ?code=, ?status=, ?rule=, ?wait=)' },
  faults: { help: 'inject statuses, catalogue answers, delays, hangs, drops and sequences' },
  report: { help: 'what the client did wrong, read from the journal' },
  snapshot: { help: 'everything the mock remembers, to save and load' },
  namespaces: { help: 'the namespaces in use (/ns/<name>/… is a mock of its own)' },
  'provider-states': { help: 'Pact\'s state-change URL' },
  'openapi.json': { help: 'the OpenAPI description of all of it' },
  metrics: { help: 'Prometheus metrics: requests, latency, claims, store failures' },
  fixtures: { label: 'fixtures/:name', help: 'sample certificates to send (certificate.png, …); no token' },
  ui: { help: 'the inspector page; its calls need the token' },
}

/** The group a route belongs to: its first segment after /__admin/. */
export function adminRouteGroup (route: AdminRoute): string {
  return route.path.slice(ADMIN_PREFIX.length + 1).split('/', 1)[0]!
}

/** How help texts name a route: 'GET /__admin/health'. */
export function adminRouteText (name: AdminRouteName): string {
  return `${ADMIN_ROUTES[name].method} ${ADMIN_ROUTES[name].path}`
}

/** The names of a template's parameters: '/__admin/accounts/:sid' has 'sid'. */
type ParamsOf<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : Path extends `${string}:${infer Name}` ? Name : never

/** The parameters a route's URL needs: none (undefined) for a template without any. */
export type AdminPathParams<Name extends AdminRouteName> = [ParamsOf<typeof ADMIN_ROUTES[Name]['path']>] extends [never]
  ? undefined
  : Record<ParamsOf<typeof ADMIN_ROUTES[Name]['path']>, string>

/** A namespace may be named for every route but those answered outside any namespace only. */
type NamespaceOf<Name extends AdminRouteName> = typeof ADMIN_ROUTES[Name] extends { rootOnly: true } ? undefined : string | undefined

/** Where a namespace's URLs start: '' for the default namespace (undefined), else /ns/{name}. */
export function namespaceBase (namespace: string | undefined): string {
  return namespace === undefined ? '' : `${NAMESPACE_PREFIX}${encodeURIComponent(namespace)}`
}

/** The route's path with its parameters filled in, each encoded as one path segment. */
function fill (path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`${path} needs its ${name}`)
    return encodeURIComponent(value)
  })
}

/** A route's URL path from the mock's root, in a namespace when one is given; adminPath types its parameters. */
export function routePath (route: AdminRoute, params: Record<string, string> = {}, namespace?: string): string {
  return `${namespaceBase(namespace)}${fill(route.path, params)}`
}

/**
 * The URL path of an admin route from the mock's root, in a namespace when one is given.
 * @example adminPath('seedAccount', { sid: 'HX1' }, 'team-a') // '/ns/team-a/__admin/accounts/HX1'
 */
export function adminPath<Name extends AdminRouteName> (
  name: Name,
  ...[params, namespace]: AdminPathParams<Name> extends undefined ? [params?: undefined, namespace?: NamespaceOf<Name>] : [params: AdminPathParams<Name>, namespace?: NamespaceOf<Name>]
): string {
  return routePath(ADMIN_ROUTES[name], params, namespace)
}

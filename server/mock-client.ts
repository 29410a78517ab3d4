import { randomUUID } from 'node:crypto'
import type { AccountState } from './accounts/account-store.js'
import type { AccountView } from './accounts/account-schemas.js'
import type { Fault, FaultBody } from './faults/fault-schemas.js'
import { ADMIN_ROUTES, adminPath, namespaceBase, type AdminRouteName } from './http/admin-route-table.js'
import { isNamespaceName } from './http/namespace-prefix.js'
import type { JournalEntry, JournalFilter, JournalPage } from './journal/journal.js'
import type { Report } from './report/report-schemas.js'

/**
 * A mock's admin API for tests: in-process for startMockServer(), over HTTP for a mock running
 * elsewhere (a container in CI). Only types are imported besides the route table and the name
 * rule, so a test file that only talks to a running mock loads no server code.
 */

export type { AccountView }

/** The admin API of one namespace (or the default one); each call throws when the mock refuses it. */
export interface AdminClient {
  reset (): Promise<void>
  seedAccount (sid: string, state: AccountState): Promise<AccountView>
  account (sid: string): Promise<AccountView>
  resetAccount (sid: string): Promise<AccountView>
  /** The journal, newest first; `wait` (ms, at most 30,000) waits for a first matching entry. */
  requests (filter?: RequestsFilter): Promise<JournalPage>
  /**
   * Checks that exactly `count` requests match the filter (waiting up to `waitMs` for them to
   * arrive, none by default) and returns them; otherwise throws an Error listing what was expected
   * and what the journal holds for that SID (or at all).
   * @example await ns.admin.expectRequests({ sid: 'HX1', code: 'E937', count: 0 })
   */
  expectRequests (expected: RequestsExpectation): Promise<JournalEntry[]>
  /** What the client did wrong, read from the journal (GET /__admin/report); `gapMs` is the shortest retry gap. */
  report (options?: { gapMs?: number }): Promise<ClientReport>
  addFault (fault: Partial<FaultBody> & Pick<FaultBody, 'kind'>): Promise<Fault>
  faults (): Promise<Fault[]>
  clearFaults (): Promise<void>
}

/** What report() returns: the admin API's GET /__admin/report body. */
export type ClientReport = Report

export interface RequestsFilter extends JournalFilter {
  wait?: number
}

export interface RequestsExpectation extends Omit<JournalFilter, 'limit'> {
  count: number
  /** How long to wait for the count to be reached (the journal is long-polled, not slept on). */
  waitMs?: number
}

function describeEntry (entry: JournalEntry): string {
  const why = [entry.code ?? (entry.status === 0 ? 'no answer' : ''), entry.rule, entry.parameter ? `(${entry.parameter})` : ''].filter(Boolean).join(' ')
  return `  #${entry.seq} ${entry.method} ${entry.path} -> ${entry.status} ${why}${entry.fault ? ` [fault: ${entry.fault.did}]` : ''}`
}

/** The message of a failed expectRequests: what was expected, what matched, and what came instead. */
function expectationFailure (expected: RequestsExpectation, matched: JournalEntry[], around: JournalEntry[]): string {
  const { count, ...rest } = expected
  const filter: Omit<RequestsExpectation, 'count' | 'waitMs'> = { ...rest }
  delete (filter as RequestsExpectation).waitMs
  const lines = [
    `expectRequests: expected ${count} request(s) matching ${JSON.stringify(filter)}, found ${matched.length}.`,
    `- expected: ${count}`,
    `+ found:    ${matched.length}`,
  ]
  if (matched.length > 0) lines.push('Matching (newest first):', ...matched.slice(0, 20).map(describeEntry))
  const others = around.filter((entry) => !matched.some((match) => match.seq === entry.seq))
  const scope = filter.sid === undefined ? 'Other requests' : `Other requests for sid ${filter.sid}`
  lines.push(others.length === 0 ? `${scope}: none.` : `${scope} (newest first):`, ...others.slice(0, 20).map(describeEntry))
  return lines.join('\n')
}

/** One isolated copy of the mock on a shared server: its own accounts, id counters, journal, faults and api-keys. */
export interface MockNamespace {
  name: string
  /** Base URL for the client under test: it calls `${url}/v1/<sid>/whatsapp/activation`. */
  url: string
  admin: AdminClient
  /** Forgets the namespace entirely (DELETE /ns/{name}/__admin/reset). */
  drop (): Promise<void>
}

/** A mock running elsewhere, reached over HTTP. */
export interface MockConnection {
  url: string
  /** The default namespace's admin API. */
  admin: AdminClient
  /** A namespace of this mock: a fresh unique one unless `name` is given. */
  namespace (name?: string): MockNamespace
}

/** Sends one admin call (path from the mock's root, e.g. /__admin/reset) and answers status and body text. */
export type AdminTransport = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) => Promise<{ status: number, body: string }>

/** Sends a route's method to its URL (the route table's, in the namespace, plus `query`); throws on a refusal. */
async function callRoute<T> (send: AdminTransport, route: AdminRouteName, url: string, payload?: object): Promise<T> {
  const { method } = ADMIN_ROUTES[route]
  const response = await send(method, url, payload)
  if (response.status >= 400) throw new Error(`${method} ${url} answered ${response.status}: ${response.body}`)
  return JSON.parse(response.body) as T
}

/** The admin client over a transport, for the default namespace or the one named. */
export function createAdminClient (send: AdminTransport, namespace?: string): AdminClient {
  const call = <T>(route: 'reset' | 'requests' | 'report' | 'addFault' | 'faults' | 'clearFaults', query = '', payload?: object): Promise<T> =>
    callRoute(send, route, `${adminPath(route, undefined, namespace)}${query}`, payload)
  const onAccount = <T>(route: 'account' | 'seedAccount' | 'resetAccount', sid: string, payload?: object): Promise<T> =>
    callRoute(send, route, adminPath(route, { sid }, namespace), payload)
  const requests = (filter: RequestsFilter = {}): Promise<JournalPage> => {
    const query = new URLSearchParams()
    for (const name of ['sid', 'code', 'status', 'rule', 'limit', 'since', 'wait'] as const) {
      const value = filter[name]
      if (value !== undefined) query.set(name, String(value))
    }
    return call('requests', `?${query}`)
  }
  return {
    reset: async () => { await call('reset') },
    seedAccount: (sid, state) => onAccount('seedAccount', sid, { state }),
    account: (sid) => onAccount('account', sid),
    resetAccount: (sid) => onAccount('resetAccount', sid),
    requests,
    async expectRequests (expected) {
      const { count, waitMs = 0, ...filter } = expected
      const deadline = Date.now() + waitMs
      let page = await requests(filter)
      // Waits for each next matching entry (after the newest seen) until the count is reached or the time is up.
      while (page.total < count && Date.now() < deadline) {
        const newest = page.entries[0]?.seq ?? filter.since ?? 0
        const next = await requests({ ...filter, since: newest, wait: Math.min(30_000, Math.max(1, deadline - Date.now())) })
        if (next.entries.length === 0) break
        page = await requests(filter)
      }
      if (page.total === count) return page.entries
      const around = await requests(filter.sid === undefined ? { limit: 20 } : { sid: filter.sid, limit: 20 })
      throw new Error(expectationFailure(expected, page.entries, around.entries))
    },
    report: (options = {}) => call('report', options.gapMs === undefined ? '' : `?gapMs=${options.gapMs}`),
    addFault: (fault) => call('addFault', '', fault),
    faults: async () => (await call<{ faults: Fault[] }>('faults')).faults,
    clearFaults: async () => { await call('clearFaults') },
  }
}

/** A namespace handle over a transport; a fresh unique name unless one is given (checked here, as the mock would). */
export function namespaceOn (mockUrl: string, send: AdminTransport, name: string = `t-${randomUUID()}`): MockNamespace {
  if (!isNamespaceName(name)) throw new TypeError(`namespace ${JSON.stringify(name)}: a namespace name is 1 to 64 characters of [A-Za-z0-9._-]`)
  return {
    name,
    url: `${mockUrl}${namespaceBase(name)}`,
    admin: createAdminClient(send, name),
    async drop () {
      await callRoute(send, 'dropNamespace', adminPath('dropNamespace', undefined, name))
    },
  }
}

/** Where `text` ends without its trailing slashes; a scan, since `/\/+$/` backtracks on many slashes. */
function endWithoutSlashes (text: string): number {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--
  return end
}

/**
 * Connects to a mock that is already running (the image as a CI service, a shared mock), with its
 * admin token when it has one. Nothing is sent until a call is made.
 * @example
 * const mock = connectMockServer(process.env.KALEYRA_MOCK_URL ?? 'http://localhost:8080')
 * beforeEach(async () => { ns = mock.namespace(); await ns.admin.seedAccount('HX1', 'active_channel') })
 * // the client under test calls `${ns.url}/v1/HX1/whatsapp/activation`
 */
export function connectMockServer (url: string, options: { adminToken?: string } = {}): MockConnection {
  const root = url.slice(0, endWithoutSlashes(url))
  const headers: Record<string, string> = options.adminToken === undefined ? {} : { authorization: `Bearer ${options.adminToken}` }
  const send: AdminTransport = async (method, path, payload) => {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    })
    return { status: response.status, body: await response.text() }
  }
  return {
    url: root,
    admin: createAdminClient(send),
    namespace: (name) => namespaceOn(root, send, name),
  }
}

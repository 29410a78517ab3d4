import { randomUUID } from 'node:crypto'
import type { AccountState } from './accounts/account-store.js'
import type { Activation } from './activation/activation-schemas.js'
import type { FaultBody } from './admin/admin-schemas.js'
import type { Fault } from './faults/fault-store.js'
import { isNamespaceName } from './http/namespace-prefix.js'
import type { JournalFilter, JournalPage } from './journal/journal.js'

/**
 * A mock's admin API for tests: in-process for startMockServer(), over HTTP for a mock running
 * elsewhere (a container in CI). Only types are imported besides the name rule, so a test file
 * that only talks to a running mock loads no server code.
 */

export interface AccountView {
  sid: string
  state: AccountState
  activation: Activation | null
}

/** The admin API of one namespace (or the default one); each call throws when the mock refuses it. */
export interface AdminClient {
  reset (): Promise<void>
  seedAccount (sid: string, state: AccountState): Promise<AccountView>
  account (sid: string): Promise<AccountView>
  resetAccount (sid: string): Promise<AccountView>
  requests (filter?: JournalFilter): Promise<JournalPage>
  addFault (fault: Partial<FaultBody> & Pick<FaultBody, 'kind'>): Promise<Fault>
  faults (): Promise<Fault[]>
  clearFaults (): Promise<void>
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

/** The admin client over a transport; `base` is '' for the default namespace or /ns/{name}. */
export function createAdminClient (send: AdminTransport, base = ''): AdminClient {
  async function call<T> (method: Parameters<AdminTransport>[0], path: string, payload?: object): Promise<T> {
    const url = `${base}${path}`
    const response = await send(method, url, payload)
    if (response.status >= 400) throw new Error(`${method} ${url} answered ${response.status}: ${response.body}`)
    return JSON.parse(response.body) as T
  }
  const account = (sid: string) => `/__admin/accounts/${encodeURIComponent(sid)}`
  return {
    reset: async () => { await call('POST', '/__admin/reset') },
    seedAccount: (sid, state) => call('PUT', account(sid), { state }),
    account: (sid) => call('GET', account(sid)),
    resetAccount: (sid) => call('DELETE', account(sid)),
    requests: (filter = {}) => {
      const query = new URLSearchParams()
      if (filter.sid !== undefined) query.set('sid', filter.sid)
      if (filter.limit !== undefined) query.set('limit', String(filter.limit))
      if (filter.since !== undefined) query.set('since', String(filter.since))
      return call('GET', `/__admin/requests?${query}`)
    },
    addFault: (fault) => call('POST', '/__admin/faults', fault),
    faults: async () => (await call<{ faults: Fault[] }>('GET', '/__admin/faults')).faults,
    clearFaults: async () => { await call('DELETE', '/__admin/faults') },
  }
}

/** A namespace handle over a transport; a fresh unique name unless one is given (checked here, as the mock would). */
export function namespaceOn (mockUrl: string, send: AdminTransport, name: string = `t-${randomUUID()}`): MockNamespace {
  if (!isNamespaceName(name)) throw new TypeError(`namespace ${JSON.stringify(name)}: a namespace name is 1 to 64 characters of [A-Za-z0-9._-]`)
  const base = `/ns/${name}`
  return {
    name,
    url: `${mockUrl}${base}`,
    admin: createAdminClient(send, base),
    async drop () {
      const response = await send('DELETE', `${base}/__admin/reset`)
      if (response.status >= 400) throw new Error(`DELETE ${base}/__admin/reset answered ${response.status}: ${response.body}`)
    },
  }
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
  const root = url.replace(/\/+$/, '')
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

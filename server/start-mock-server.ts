import type { FastifyInstance, InjectOptions } from 'fastify'
import type { AccountState } from './accounts/account-store.js'
import type { Activation } from './activation/activation-factory.js'
import type { FaultBody } from './faults/fault-schemas.js'
import { buildApp } from './app.js'
import type { Fault } from './faults/fault-store.js'
import type { JournalFilter, JournalPage } from './journal/journal.js'
import { checkMockServerOptions, type MockServerOptions } from './mock-server-options.js'

export type { MockServerOptions } from './mock-server-options.js'

export interface AccountView {
  sid: string
  state: AccountState
  activation: Activation | null
}

/** The admin API, called in-process with the token when one is set. */
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

export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:53811; the endpoint is `${url}/v1/<sid>/whatsapp/activation`. */
  url: string
  port: number
  admin: AdminClient
  app: FastifyInstance
  /** Stops accepting, lets in-flight requests finish, frees the port. */
  close (): Promise<void>
}

function createAdminClient (app: FastifyInstance, token: string | undefined): AdminClient {
  async function call<T> (method: InjectOptions['method'], url: string, payload?: object): Promise<T> {
    const response = await app.inject({ method, url, payload, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
    if (response.statusCode >= 400) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`)
    return response.json() as T
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

/**
 * Starts a mock on a free port for a client team's own tests. Every option is checked first: a
 * wrong one throws a TypeError that names it (see MockServerOptions).
 * @example
 * const mock = await startMockServer({ seed: 'ci' })
 * await mock.admin.seedAccount('HX1', 'active_channel')
 * // point the client under test at `${mock.url}/v1/HX1/whatsapp/activation`, then:
 * await mock.close()
 */
export async function startMockServer (options: MockServerOptions = {}): Promise<MockServer> {
  const checked = checkMockServerOptions(options)
  const { port = 0, host = '127.0.0.1', ...appOptions } = checked
  const app = await buildApp(appOptions)
  try {
    await app.listen({ port, host })
  } catch (error) {
    await app.close()
    throw error
  }
  const address = app.server.address()
  const actualPort = typeof address === 'object' && address !== null ? address.port : port
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    admin: createAdminClient(app, checked.adminToken),
    app,
    close: () => app.close(),
  }
}

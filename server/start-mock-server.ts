import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { createAdminClient, namespaceOn, type AdminClient, type AdminTransport, type MockNamespace } from './mock-client.js'
import { checkMockServerOptions, type MockServerOptions } from './mock-server-options.js'

export type { MockServerOptions } from './mock-server-options.js'

export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:53811; the endpoint is `${url}/v1/<sid>/whatsapp/activation`. */
  url: string
  port: number
  /** The default namespace's admin API. */
  admin: AdminClient
  /**
   * An isolated namespace of this mock (`${url}/ns/<name>`), a fresh unique one unless `name` is
   * given: a test that takes one in beforeEach never meets another test's or file's state.
   */
  namespace (name?: string): MockNamespace
  app: FastifyInstance
  /** Stops accepting, lets in-flight requests finish, frees the port. */
  close (): Promise<void>
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
  const url = `http://${urlHost}:${actualPort}`
  // In-process: the admin calls skip the network, with the token when one is set.
  const authorization = checked.adminToken === undefined ? {} : { authorization: `Bearer ${checked.adminToken}` }
  const send: AdminTransport = async (method, path, payload) => {
    const response = await app.inject({ method, url: path, payload, headers: authorization })
    return { status: response.statusCode, body: response.body }
  }
  return {
    url,
    port: actualPort,
    admin: createAdminClient(send),
    namespace: (name) => namespaceOn(url, send, name),
    app,
    close: () => app.close(),
  }
}

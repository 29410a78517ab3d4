import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/cli/config.js'
import { ConfigError } from '../../server/platform/settings.js'
import { startMockServer } from '../../server/index.js'
import { buildTestApp, readJsonFixture } from '../support/helpers.js'

const REFUSED = readJsonFixture('responses/inferred/admin-host-not-allowed.json')

async function resetWithHost (host: string, options: Parameters<typeof buildTestApp>[0] = {}): Promise<{ status: number, body: unknown }> {
  const app = await buildTestApp(options)
  const response = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { host } })
  return { status: response.statusCode, body: response.json() }
}

describe('the admin API answers only for the hosts it may be reached by', () => {
  it.each(['localhost:8080', 'LOCALHOST', 'localhost.', 'mock.localhost:9000', '127.0.0.1:8080', '127.8.9.10', '[::1]:8080', '10.88.0.5:8080', '[fd00::5]'])('answers for %s', async (host) => {
    expect((await resetWithHost(host)).status).toBe(200)
  })

  it('refuses another name with the 403 envelope naming it: a page whose own name was pointed at the mock (DNS rebinding)', async () => {
    expect(await resetWithHost('rebound.example:8080')).toEqual({ status: 403, body: REFUSED })
  })

  it.each(['kaleyra-mock:8080', 'evil.localhost.example', 'user@localhost', 'localhost/x'])('refuses %j', async (host) => {
    expect((await resetWithHost(host)).status).toBe(403)
  })

  it('answers for the names the operator allows, and for any with *', async () => {
    expect((await resetWithHost('rebound.example:8080', { allowedHosts: ['Rebound.Example'] })).status).toBe(200)
    expect((await resetWithHost('other.example', { allowedHosts: ['rebound.example'] })).status).toBe(403)
    expect((await resetWithHost('anything.example', { allowedHosts: ['*'] })).status).toBe(200)
  })

  it('answers for names without a dot where the image allows them (a compose service name), and still not for a public one', async () => {
    expect((await resetWithHost('kaleyra-mock:8080', { allowSingleLabelHosts: true })).status).toBe(200)
    expect((await resetWithHost('rebound.example', { allowSingleLabelHosts: true })).status).toBe(403)
  })

  it('guards every admin route, the inspector\'s page and a namespace\'s admin API too, but not the endpoint', async () => {
    const app = await buildTestApp()
    const headers = { host: 'rebound.example' }
    for (const url of ['/__admin/health', '/__admin/ui', '/__admin/requests', '/ns/team-a/__admin/requests']) {
      expect((await app.inject({ method: 'GET', url, headers })).statusCode, url).toBe(403)
    }
    const endpoint = await app.inject({ method: 'POST', url: '/v1/HXHOST/whatsapp/activation', headers: { ...headers, 'api-key': 'k' } })
    expect(endpoint.statusCode).toBe(400)
  })
})

describe('MOCK_ALLOWED_HOSTS and --allowed-hosts', () => {
  it('read a comma-separated list, the flag winning', () => {
    expect(loadConfig({ MOCK_ALLOWED_HOSTS: 'mock.internal, lb ,[fd00::1]' }).allowedHosts).toEqual(['mock.internal', 'lb', '[fd00::1]'])
    expect(loadConfig({ MOCK_ALLOWED_HOSTS: 'a' }, ['--allowed-hosts', '*']).allowedHosts).toEqual(['*'])
    expect(loadConfig({}).allowedHosts).toBeUndefined()
  })

  it('refuse what is not a host name, naming the setting', () => {
    expect(() => loadConfig({ MOCK_ALLOWED_HOSTS: 'http://mock.internal/' })).toThrow(new ConfigError('MOCK_ALLOWED_HOSTS must be host names or addresses separated by commas, or *; got "http://mock.internal/".'))
    expect(() => loadConfig({}, ['--allowed-hosts', ','])).toThrow(ConfigError)
  })

  it('reach a started mock', async () => {
    const mock = await startMockServer({ allowedHosts: ['mock.internal'] })
    try {
      const response = await fetch(`${mock.url}/__admin/health`)
      expect(response.status).toBe(200)
      const refused = await mock.app.inject({ method: 'GET', url: '/__admin/health', headers: { host: 'other.example' } })
      expect(refused.statusCode).toBe(403)
      expect((await mock.app.inject({ method: 'GET', url: '/__admin/health', headers: { host: 'mock.internal:1' } })).statusCode).toBe(200)
    } finally {
      await mock.close()
    }
    expect(() => startMockServer({ allowedHosts: ['a b'] })).rejects.toThrow(TypeError)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMockServer, startMockServer, type MockServer } from '../../server/index.js'
import { activationForm, API_KEY } from '../support/helpers.js'

async function submit (baseUrl: string, sid: string): Promise<string> {
  const { payload, headers } = activationForm()
  const response = await fetch(`${baseUrl}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: payload })
  const body = await response.json() as { code: string, error: { code?: string } }
  return body.error.code ?? body.code
}

describe('mock.namespace(): an isolated mock for each test', () => {
  let mock: MockServer
  beforeAll(async () => { mock = await startMockServer({ adminToken: 'secret' }) })
  afterAll(async () => { await mock.close() })

  it('hands out a fresh unique namespace by default, whose url is the client\'s base URL', async () => {
    const [first, second] = [mock.namespace(), mock.namespace()]
    expect(first.name).not.toBe(second.name)
    expect(first.url).toBe(`${mock.url}/ns/${first.name}`)
    expect(await submit(first.url, 'HX1')).toBe('I102')
    expect(await submit(second.url, 'HX1')).toBe('I102')
    expect(await submit(mock.url, 'HX1')).toBe('I102')
    expect((await first.admin.requests()).entries.map((entry) => entry.path)).toEqual([`/ns/${first.name}/v1/HX1/whatsapp/activation`])
  })

  it('scopes every admin call to the namespace, with the admin token', async () => {
    const ns = mock.namespace('scoped')
    await ns.admin.seedAccount('HX2', 'active_channel')
    await ns.admin.addFault({ kind: 'status', status: 503 })
    expect(await ns.admin.faults()).toHaveLength(1)
    expect(await mock.admin.faults()).toEqual([])
    expect((await mock.admin.account('HX2')).state).toBe('fresh')
    await ns.admin.reset()
    expect([await ns.admin.account('HX2'), await ns.admin.faults()]).toEqual([{ sid: 'HX2', state: 'fresh', activation: null }, []])
  })

  it('drops a namespace entirely', async () => {
    const ns = mock.namespace('dropped')
    await ns.admin.seedAccount('HX3', 'submitted')
    await ns.drop()
    expect((await ns.admin.account('HX3')).state).toBe('fresh')
  })

  it('refuses a name the mock would refuse, before sending anything', () => {
    expect(() => mock.namespace('a b')).toThrow(TypeError)
    expect(() => mock.namespace('x'.repeat(65))).toThrow('1 to 64 characters')
  })

  it('reaches a mock running elsewhere over HTTP with connectMockServer, namespaces included', async () => {
    const remote = connectMockServer(`${mock.url}/`, { adminToken: 'secret' })
    const ns = remote.namespace()
    await ns.admin.seedAccount('HX4', 'submitted')
    expect(await submit(ns.url, 'HX4')).toBe('E937')
    expect((await mock.namespace(ns.name).admin.account('HX4')).state).toBe('submitted')
    await expect(connectMockServer(mock.url).namespace().admin.reset()).rejects.toThrow(/answered 401/)
    // The default namespace's journal holds the one request the first test sent outside a namespace.
    expect((await remote.admin.requests()).total).toBe(1)
  })
})

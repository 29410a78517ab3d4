import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { activationForm, API_KEY, buildTestApp, readJsonFixture } from '../support/helpers.js'
import { createMemoryNamespaces } from '../../server/state/namespaces-memory.js'
import { journalEntry } from '../support/activations.js'

const NAMESPACE_INVALID = readJsonFixture('responses/inferred/namespace-invalid.json')

function post (app: FastifyInstance, prefix: string, sid: string, headers: Record<string, string> = {}) {
  const { payload, headers: form } = activationForm()
  return app.inject({ method: 'POST', url: `${prefix}/v1/${sid}/whatsapp/activation`, payload, headers: { ...form, 'api-key': API_KEY, ...headers } })
}

function admin (app: FastifyInstance, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, payload })
}

describe('namespaces: the whole mock again under /ns/{name}', () => {
  it('keeps the same SID in two namespaces and the default one as three accounts, each with its own id counters', async () => {
    const app = await buildTestApp({ seed: 'ns', now: () => Date.UTC(2026, 0, 15) })
    const answers = [await post(app, '/ns/team-a', 'HXSAME'), await post(app, '/ns/team-b', 'HXSAME'), await post(app, '', 'HXSAME')]
    expect(answers.map((answer) => answer.json().code)).toEqual(['I102', 'I102', 'I102'])
    // Each namespace counts its own ids from 1, as a fresh mock would: the three activations are one.
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1)
    expect((await post(app, '/ns/team-a', 'HXSAME')).json().error.code).toBe('E937')
    expect((await post(app, '/ns/team-c', 'HXSAME')).json().code).toBe('I102')
  })

  it('shows each namespace only its own accounts, journal and snapshot', async () => {
    const app = await buildTestApp()
    await admin(app, 'PUT', '/ns/a/__admin/accounts/HXSEEDED', { state: 'active_channel' })
    await post(app, '/ns/a', 'HXINA')
    await post(app, '/ns/b', 'HXINB')
    expect((await admin(app, 'GET', '/ns/a/__admin/accounts')).json().accounts.map((account: { sid: string }) => account.sid)).toEqual(['HXINA', 'HXSEEDED'])
    expect((await admin(app, 'GET', '/ns/b/__admin/accounts')).json().accounts.map((account: { sid: string }) => account.sid)).toEqual(['HXINB'])
    expect((await admin(app, 'GET', '/__admin/accounts')).json().accounts).toEqual([])
    expect((await admin(app, 'GET', '/ns/b/__admin/accounts/HXSEEDED')).json()).toEqual({ sid: 'HXSEEDED', state: 'fresh', activation: null })
    const journal = (await admin(app, 'GET', '/ns/a/__admin/requests')).json()
    expect(journal.entries.map((entry: { path: string, seq: number }) => [entry.seq, entry.path])).toEqual([[1, '/ns/a/v1/HXINA/whatsapp/activation']])
    expect((await admin(app, 'GET', '/__admin/requests')).json().total).toBe(0)
    expect((await admin(app, 'GET', '/ns/b/__admin/snapshot')).json().accounts.map((account: { sid: string }) => account.sid)).toEqual(['HXINB'])
  })

  it('exports a namespace\'s snapshot and restores it into another namespace, leaving the default one alone', async () => {
    const app = await buildTestApp({ seed: 'ns' })
    await post(app, '/ns/from', 'HXMOVED')
    await post(app, '', 'HXROOT')
    const exported = await admin(app, 'GET', '/ns/from/__admin/snapshot')
    expect(exported.json()).toMatchObject({ version: 1, counters: { businessDetailsId: 1 }, accounts: [{ sid: 'HXMOVED', state: 'submitted' }] })
    const restored = await admin(app, 'PUT', '/ns/to/__admin/snapshot', exported.json())
    expect([restored.statusCode, restored.body]).toEqual([200, exported.body])
    expect((await post(app, '/ns/to', 'HXMOVED')).json().error.code).toBe('E937')
    expect((await admin(app, 'GET', '/__admin/snapshot')).json().accounts.map((account: { sid: string }) => account.sid)).toEqual(['HXROOT'])
  })

  it('applies a namespace\'s faults to its own requests only, SID-less ones included', async () => {
    const app = await buildTestApp()
    expect((await admin(app, 'POST', '/ns/a/__admin/faults', { kind: 'status', status: 503, times: 5 })).statusCode).toBe(201)
    expect((await post(app, '/ns/b', 'HXF')).statusCode).toBe(200)
    expect((await post(app, '', 'HXF')).statusCode).toBe(200)
    expect((await post(app, '/ns/a', 'HXF')).statusCode).toBe(503)
    expect((await admin(app, 'GET', '/ns/a/__admin/faults')).json().faults[0].remaining).toBe(4)
    expect((await admin(app, 'GET', '/__admin/faults')).json().faults).toEqual([])
  })

  it('registers a provider state\'s api-key in its namespace only', async () => {
    const app = await buildTestApp()
    const state = { state: 'api-key secret-key is valid for account HXKEYED' }
    expect((await admin(app, 'POST', '/ns/a/__admin/provider-states', state)).statusCode).toBe(200)
    expect((await post(app, '/ns/a', 'HXKEYED', { 'api-key': 'other' })).statusCode).toBe(401)
    expect((await post(app, '/ns/a', 'HXKEYED', { 'api-key': 'secret-key' })).statusCode).toBe(200)
    expect((await post(app, '/ns/b', 'HXKEYED', { 'api-key': 'other' })).statusCode).toBe(200)
    expect((await post(app, '', 'HXKEYED', { 'api-key': 'other' })).statusCode).toBe(200)
  })

  it('resets one namespace with POST, drops it with DELETE, and lists those in use', async () => {
    const app = await buildTestApp()
    await post(app, '/ns/keep', 'HXK')
    await post(app, '/ns/gone', 'HXG')
    await post(app, '', 'HXROOT')
    expect((await admin(app, 'GET', '/__admin/namespaces')).json()).toEqual({ namespaces: ['gone', 'keep'] })
    expect((await admin(app, 'POST', '/ns/keep/__admin/reset')).json()).toEqual({ status: 'reset' })
    expect((await admin(app, 'GET', '/ns/keep/__admin/requests')).json().total).toBe(0)
    expect((await admin(app, 'DELETE', '/ns/gone/__admin/reset')).json()).toEqual({ status: 'reset' })
    expect((await admin(app, 'GET', '/__admin/namespaces')).json()).toEqual({ namespaces: ['keep'] })
    expect((await admin(app, 'GET', '/__admin/accounts/HXROOT')).json().state).toBe('submitted')
    // The default namespace cannot be dropped: DELETE resets it as POST does.
    expect((await admin(app, 'DELETE', '/__admin/reset')).json()).toEqual({ status: 'reset' })
    expect((await admin(app, 'GET', '/__admin/accounts/HXROOT')).json().state).toBe('fresh')
    // A namespace sees only itself.
    const inside = await admin(app, 'GET', '/ns/keep/__admin/namespaces')
    expect(inside.statusCode).toBe(404)
    expect(inside.json().error.message).toBe('No route matches GET /ns/keep/__admin/namespaces.')
  })

  it('refuses a name outside the rule with the 400 envelope, on the endpoint and the admin API alike', async () => {
    const app = await buildTestApp()
    const names = ['', 'a%20b', 'a%2Fb', 'caf%C3%A9', 'x'.repeat(65), 'a:b', 'a*']
    for (const name of names) {
      for (const url of [`/ns/${name}/v1/HXBAD/whatsapp/activation`, `/ns/${name}/__admin/accounts`, `/ns/${name}`]) {
        const answer = await app.inject({ method: url.includes('/v1/') ? 'POST' : 'GET', url, headers: { 'api-key': API_KEY } })
        expect({ url, status: answer.statusCode, body: answer.json() }).toEqual({ url, status: 400, body: NAMESPACE_INVALID })
      }
    }
    const admitted = await post(app, `/ns/${'A'.repeat(64)}`, 'HXLONG')
    expect(admitted.statusCode).toBe(200)
    expect((await post(app, '/ns/Az09._-', 'HXCHARS')).statusCode).toBe(200)
    // The refused requests belong to no namespace; the admin ones are not journaled anywhere.
    expect((await admin(app, 'GET', '/__admin/requests')).json().entries.map((entry: { path: string }) => entry.path))
      .toEqual(names.flatMap((name) => [`/ns/${name}/v1/HXBAD/whatsapp/activation`, `/ns/${name}`]).reverse())
  })

  it('quotes the path as sent in its 404 and 405 answers, and serves health and the admin headers under a prefix', async () => {
    const app = await buildTestApp()
    const wrongMethod = await app.inject({ method: 'GET', url: '/ns/a/v1/HX/whatsapp/activation?x=1' })
    expect([wrongMethod.statusCode, wrongMethod.headers.allow, wrongMethod.json().error.message]).toEqual([405, 'POST', 'GET is not allowed on /ns/a/v1/HX/whatsapp/activation; use POST.'])
    const unknown = await app.inject({ method: 'GET', url: '/ns/a/nowhere' })
    expect([unknown.statusCode, unknown.json().error.message]).toEqual([404, 'No route matches GET /ns/a/nowhere.'])
    const blankSid = await post(app, '/ns/a', '%20')
    expect([blankSid.statusCode, blankSid.json().error.message]).toEqual([404, 'No route matches POST /ns/a/v1/%20/whatsapp/activation.'])
    const health = await app.inject({ method: 'GET', url: '/ns/a/__admin/health' })
    expect([health.statusCode, health.headers['cache-control'], health.json().status]).toEqual([200, 'no-store', 'ok'])
    const unknownAdmin = await app.inject({ method: 'GET', url: '/ns/a/__admin/nothing' })
    expect([unknownAdmin.statusCode, unknownAdmin.headers['x-content-type-options']]).toEqual([404, 'nosniff'])
    expect((await admin(app, 'GET', '/ns/a/__admin/requests')).json().entries.map((entry: { path: string }) => entry.path))
      .toEqual(['/ns/a/v1/%20/whatsapp/activation', '/ns/a/nowhere', '/ns/a/v1/HX/whatsapp/activation'])
  })

  it('needs the admin token under a prefix as at the root', async () => {
    const app = await buildTestApp({ adminToken: 'secret' })
    expect((await admin(app, 'GET', '/ns/a/__admin/accounts')).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/ns/a/__admin/accounts', headers: { authorization: 'Bearer secret' } })).statusCode).toBe(200)
  })
})

describe('namespaces in memory', () => {
  it('forgets the least recently used namespace past the bound on their number', () => {
    const spaces = createMemoryNamespaces(10, { namespaces: 3, journalEntries: 1000 })
    const a = spaces.get('a')
    spaces.get('b')
    spaces.get('c')
    expect(spaces.get('a')).toBe(a)
    spaces.get('d')
    expect(spaces.names()).toEqual(['a', 'c', 'd'])
    expect(spaces.get('b')).not.toBe(undefined)
    expect(spaces.names()).toEqual(['a', 'b', 'd'])
  })

  it('forgets the least recently used namespaces past the bound on journal entries in all, never the one recording', async () => {
    const spaces = createMemoryNamespaces(4, { namespaces: 100, journalEntries: 10 })
    for (const name of ['a', 'b', 'c']) for (let i = 0; i < 10; i++) await spaces.get(name).journal.record(journalEntry(`HX${name}`))
    // Each holds its capacity (4): a and b together were 8, c's third entry went past 10 and a went.
    expect(spaces.names()).toEqual(['b', 'c'])
    await spaces.get('b').journal.clear()
    for (let i = 0; i < 4; i++) await spaces.get('d').journal.record(journalEntry('HXd'))
    expect(spaces.names()).toEqual(['b', 'c', 'd'])
    expect((await spaces.get('c').journal.list()).entries).toHaveLength(4)
  })

  it('counts a dropped namespace\'s entries no more', async () => {
    const spaces = createMemoryNamespaces(5, { namespaces: 100, journalEntries: 5 })
    const dropped = spaces.get('a')
    for (let i = 0; i < 5; i++) await dropped.journal.record(journalEntry('HXa'))
    spaces.drop('a')
    // A request still holding the dropped namespace records into it without counting.
    await dropped.journal.record(journalEntry('HXa'))
    for (let i = 0; i < 5; i++) await spaces.get('b').journal.record(journalEntry('HXb'))
    spaces.get('c')
    expect(spaces.names()).toEqual(['b', 'c'])
  })
})

describe('namespaces and the router\'s own refusals', () => {
  it('journals a request the router refuses (a broken escape) in the namespace it was sent to', async () => {
    const app = await buildTestApp()
    const answer = await app.inject({ method: 'POST', url: '/ns/a/v1/HX%zz/whatsapp/activation', headers: { 'api-key': API_KEY } })
    expect(answer.statusCode).toBe(400)
    expect((await admin(app, 'GET', '/ns/a/__admin/requests')).json().entries.map((entry: { path: string }) => entry.path)).toEqual(['/ns/a/v1/HX%zz/whatsapp/activation'])
    expect((await admin(app, 'GET', '/__admin/requests')).json().total).toBe(0)
  })
})

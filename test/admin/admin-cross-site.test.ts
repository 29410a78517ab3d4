import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'

const CROSS_SITE = readJsonFixture('responses/inferred/admin-cross-site.json')
const HOST = 'localhost:8080'
const ALREADY_SUBMITTED = 'account HXSTATE has already submitted an activation request'

/** What a page on another site sends with a form or a no-cors fetch. */
const FOREIGN = { host: HOST, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }

function admin (app: FastifyInstance, request: InjectOptions, headers: Record<string, string>) {
  return app.inject({ ...request, headers: { ...request.headers as Record<string, string>, ...headers } })
}

/** An app with one account already submitted, so a reset that got through would show. */
async function seededApp (options: Parameters<typeof buildTestApp>[0] = {}): Promise<FastifyInstance> {
  const app = await buildTestApp(options)
  await app.state.accounts.seed('HXSEEDED', 'submitted')
  return app
}

/** Each admin request a foreign page could send, and what the mock would look like had it run. */
const CHANGES: Array<[string, InjectOptions, (app: FastifyInstance) => Promise<unknown>]> = [
  ['POST /__admin/reset', { method: 'POST', url: '/__admin/reset' }, (app) => app.state.accounts.get('HXSEEDED')],
  ['PUT /__admin/accounts/:sid', { method: 'PUT', url: '/__admin/accounts/HXTAKEN', payload: { state: 'submitted' } }, (app) => app.state.accounts.get('HXTAKEN')],
  ['DELETE /__admin/accounts/:sid', { method: 'DELETE', url: '/__admin/accounts/HXSEEDED' }, (app) => app.state.accounts.get('HXSEEDED')],
  ['POST /__admin/faults', { method: 'POST', url: '/__admin/faults', payload: { kind: 'drop', times: 1 } }, async (app) => (await app.inject({ method: 'GET', url: '/__admin/faults' })).json()],
  ['POST /__admin/provider-states', { method: 'POST', url: '/__admin/provider-states', payload: { state: ALREADY_SUBMITTED } }, (app) => app.state.accounts.get('HXSTATE')],
]

/** What an HTML form on another site can send without a preflight; the mock's own origin gets 415 for it (JSON only). */
const FORM_POST: (typeof CHANGES)[number] = ['a form POST to /__admin/provider-states', { method: 'POST', url: '/__admin/provider-states', payload: `state=${encodeURIComponent(ALREADY_SUBMITTED)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (app) => app.state.accounts.get('HXSTATE')]

const READS: Array<[string, InjectOptions]> = [
  ['the journal', { method: 'GET', url: '/__admin/requests' }],
  ['the inspector\'s journal', { method: 'GET', url: '/__admin/ui/requests' }],
  ['the snapshot', { method: 'GET', url: '/__admin/snapshot' }],
  ['an account', { method: 'GET', url: '/__admin/accounts/HXSEEDED' }],
  ['the faults', { method: 'GET', url: '/__admin/faults' }],
  ['the OpenAPI document', { method: 'GET', url: '/__admin/openapi.json' }],
  ['health', { method: 'GET', url: '/__admin/health' }],
]

describe('the admin API and other sites\' pages', () => {
  it.each([...CHANGES, FORM_POST])('refuses %s from another origin with 403 and changes nothing', async (_name, request, look) => {
    const untouched = await seededApp()
    const app = await seededApp()
    const response = await admin(app, request, FOREIGN)
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual(CROSS_SITE)
    expect(await look(app)).toEqual(await look(untouched))
  })

  it.each(CHANGES)('takes %s from the mock\'s own origin', async (_name, request, look) => {
    const untouched = await seededApp()
    const app = await seededApp()
    const response = await admin(app, request, { host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })
    expect(response.statusCode).toBe(request.url === '/__admin/faults' ? 201 : 200)
    expect(await look(app)).not.toEqual(await look(untouched))
  })

  it.each(READS)('refuses a cross-site GET of %s, though the page could not read the answer', async (_name, request) => {
    const app = await seededApp()
    const response = await admin(app, request, { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual(CROSS_SITE)
  })

  it.each([
    ['a site on another host', 'http://evil.example'],
    ['another port of the same host (the same site, another origin)', 'http://localhost:3000'],
    ['the same port under another name', 'http://127.0.0.1:8080'],
    ['null, as sandboxed frames and file: pages send', 'null'],
    ['the mock\'s origin with a path', `http://${HOST}/__admin`],
    ['the mock\'s origin with user info', `http://evil@${HOST}`],
    ['two origins joined', `http://evil.example, http://${HOST}`],
  ])('refuses an Origin that is %s', async (_name, origin) => {
    const app = await seededApp()
    const response = await admin(app, { method: 'POST', url: '/__admin/reset' }, { host: HOST, origin })
    expect(response.statusCode).toBe(403)
    expect(await app.state.accounts.get('HXSEEDED')).toEqual({ sid: 'HXSEEDED', state: 'submitted' })
  })

  it.each([
    ['the same host and port', `http://${HOST}`, HOST],
    ['the default port written out in Host', 'http://localhost', 'localhost:80'],
    ['an https Origin, as a TLS proxy in front of the mock shows it', 'https://mock.example', 'mock.example'],
    ['an IPv6 host', 'http://[::1]:8080', '[::1]:8080'],
  ])('takes an Origin that matches Host: %s', async (_name, origin, host) => {
    // A proxy's public name is one the operator allows (MOCK_ALLOWED_HOSTS).
    const app = await seededApp({ allowedHosts: ['mock.example'] })
    const response = await admin(app, { method: 'POST', url: '/__admin/reset' }, { host, origin })
    expect(response.statusCode).toBe(200)
  })

  it.each(['cross-site', 'same-site', 'something-new'])('refuses Sec-Fetch-Site: %s when there is no Origin', async (site) => {
    const app = await seededApp()
    const response = await admin(app, { method: 'POST', url: '/__admin/reset' }, { host: HOST, 'sec-fetch-site': site })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toEqual(CROSS_SITE)
  })

  it.each(['same-origin', 'none'])('takes Sec-Fetch-Site: %s when there is no Origin (the mock\'s own pages, the address bar)', async (site) => {
    const app = await seededApp()
    const response = await admin(app, { method: 'GET', url: '/__admin/requests' }, { host: HOST, 'sec-fetch-site': site })
    expect(response.statusCode).toBe(200)
  })

  it('takes requests with neither header, as curl, test code and Pact verifiers send them', async () => {
    const app = await seededApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/reset' })
    expect(response.statusCode).toBe(200)
    expect(await app.state.accounts.get('HXSEEDED')).not.toEqual({ sid: 'HXSEEDED', state: 'submitted' })
  })

  it('refuses another origin even with the right admin token, and before asking for one', async () => {
    const app = await seededApp({ adminToken: 's3cret' })
    const withToken = await admin(app, { method: 'POST', url: '/__admin/reset' }, { ...FOREIGN, authorization: 'Bearer s3cret' })
    const withoutToken = await admin(app, { method: 'POST', url: '/__admin/reset' }, FOREIGN)
    expect([withToken.statusCode, withoutToken.statusCode]).toEqual([403, 403])
    expect(withoutToken.headers['www-authenticate']).toBeUndefined()
  })

  it('sends nosniff and no-store with the 403, like every admin answer', async () => {
    const app = await seededApp()
    const response = await admin(app, { method: 'POST', url: '/__admin/reset' }, FOREIGN)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('documents the 403 on every admin route in the OpenAPI document, and not on the vendor endpoint', async () => {
    const app = await buildTestApp()
    const paths = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>
    const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [`${method} ${path}`, '403' in operation.responses] as const))
    expect(operations.filter(([name]) => name.includes('/__admin/')).length).toBeGreaterThan(10)
    expect(operations.filter(([name, documented]) => name.includes('/__admin/') !== documented)).toEqual([])
  })

  it('leaves the vendor endpoint open to pages on any site, as the vendor\'s was', async () => {
    const app = await seededApp()
    const response = await postForm(app, 'HXFROMAPAGE')
    const foreign = await app.inject({ method: 'POST', url: '/v1/HXFOREIGN/whatsapp/activation', payload: {}, headers: { ...FOREIGN, 'api-key': 'k' } })
    expect(response.statusCode).toBe(200)
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('answers a cross-origin preflight with no CORS allow header, so no page can send JSON or read an answer', async () => {
    const app = await seededApp()
    const answers = await Promise.all([
      admin(app, { method: 'OPTIONS', url: '/__admin/reset' }, { ...FOREIGN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
      admin(app, { method: 'GET', url: '/__admin/requests' }, { host: HOST, origin: `http://${HOST}` }),
      admin(app, { method: 'POST', url: '/__admin/reset' }, FOREIGN),
    ])
    for (const answer of answers) {
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
    }
  })
})

describe('the inspector page', () => {
  const assets = mkdtempSync(join(tmpdir(), 'inspector-cross-site-'))
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>inspector</title>')
  afterAll(() => { rmSync(assets, { recursive: true, force: true }) })

  it('opens from a link on another site: it holds no data, and its CSP keeps it out of frames', async () => {
    const app = await buildTestApp({ inspectorAssets: assets })
    const response = await app.inject({ method: 'GET', url: '/__admin/ui', headers: { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('keeps its own calls working: same-origin GETs carry no Origin, same-origin POSTs carry the mock\'s', async () => {
    const app = await buildTestApp({ inspectorAssets: assets })
    const poll = await admin(app, { method: 'GET', url: '/__admin/ui/requests' }, { host: HOST, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' })
    const change = await admin(app, { method: 'PUT', url: '/__admin/accounts/HXPAGE', payload: { state: 'submitted' } }, { host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })
    expect([poll.statusCode, change.statusCode]).toEqual([200, 200])
  })
})

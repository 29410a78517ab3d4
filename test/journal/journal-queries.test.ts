import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { API_KEY, buildTestApp, postForm, VALID_FIELDS } from '../support/helpers.js'
import { startTestServer } from '../support/server-helpers.js'
import { MAX_JOURNAL_WAITERS } from '../../server/journal/journal-wait.js'

describe('GET /__admin/requests filters', () => {
  it('finds every validation error by its outer code E939, one kind by its inner code, by status and by rule', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXF1', { ...VALID_FIELDS, business_id: 'abc' })
    await postForm(app, 'HXF1')
    await postForm(app, 'HXF1')
    await app.inject({ method: 'POST', url: '/v1/HXF2/whatsapp/activation' })
    const seqs = async (query: string): Promise<number[]> => (await app.inject({ url: `/__admin/requests?${query}` })).json<{ entries: Array<{ seq: number }> }>().entries.map((entry) => entry.seq)
    expect(await seqs('code=E939')).toEqual([3, 1])
    expect(await seqs('code=E937')).toEqual([3])
    expect(await seqs('code=E401')).toEqual([4])
    expect(await seqs('status=200')).toEqual([2])
    expect(await seqs('rule=integer&sid=HXF1')).toEqual([1])
    const page = (await app.inject({ url: '/__admin/requests?code=E939&limit=1' })).json<{ total: number }>()
    expect(page.total).toBe(2)
  })

  it('records the headers the client chose, never its credentials, and the api-key as the first 12 hex digits of its SHA-256', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXH', { display_name: '' })
    await app.inject({
      method: 'POST',
      url: '/v1/HXH/whatsapp/activation',
      headers: { 'api-key': API_KEY, authorization: 'Bearer secret', cookie: 'session=secret', 'proxy-authorization': 'Basic c2VjcmV0', 'user-agent': 'acme-client/2.1', 'idempotency-key': 'k-1', 'x-request-id': 'r-9', accept: 'application/json', 'content-type': 'application/json' },
      payload: '{}',
    })
    const [entry] = (await app.inject({ url: '/__admin/requests?limit=1' })).json<{ entries: Array<{ headers: Record<string, string>, apiKey: unknown, durationMs: number }> }>().entries
    expect(entry.headers).toMatchObject({ 'user-agent': 'acme-client/2.1', 'idempotency-key': 'k-1', 'x-request-id': 'r-9', accept: 'application/json', 'content-type': 'application/json' })
    expect(Object.keys(entry.headers)).not.toEqual(expect.arrayContaining(['api-key']))
    for (const secret of ['api-key', 'authorization', 'cookie', 'proxy-authorization']) expect(entry.headers).not.toHaveProperty(secret)
    expect(JSON.stringify(entry)).not.toContain('secret')
    expect(JSON.stringify(entry)).not.toContain('c2VjcmV0')
    expect(entry.apiKey).toEqual({ sent: true, hash: createHash('sha256').update(API_KEY, 'utf8').digest('hex').slice(0, 12) })
    expect(entry.durationMs).toBeGreaterThanOrEqual(0)
  })
})

describe('GET /__admin/requests?wait=', () => {
  it('answers as soon as a matching entry after `since` is journaled, not at the end of the wait', async () => {
    const mock = await startTestServer()
    await fetch(`${mock.url}/v1/HXOLD/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } })
    const started = Date.now()
    const waiting = fetch(`${mock.url}/__admin/requests?sid=HXASYNC&since=1&wait=10000`)
    setTimeout(() => { void fetch(`${mock.url}/v1/HXOTHER/whatsapp/activation`, { method: 'POST' }) }, 100)
    setTimeout(() => { void fetch(`${mock.url}/v1/HXASYNC/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } }) }, 300)
    const page = await (await waiting).json() as { entries: Array<{ sid: string }> }
    expect(page.entries.map((entry) => entry.sid)).toEqual(['HXASYNC'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('answers at once when a matching entry is already there, and with no entries when the wait is over', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXNOW')
    expect((await app.inject({ url: '/__admin/requests?sid=HXNOW&wait=30000' })).json()).toMatchObject({ entries: [{ seq: 1 }], total: 1 })
    const started = Date.now()
    expect((await app.inject({ url: '/__admin/requests?sid=HXNEVER&wait=200' })).json()).toMatchObject({ entries: [], total: 0 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect((await app.inject({ url: '/__admin/requests?wait=30001' })).json()).toMatchObject({ error: { message: 'querystring.wait must be <= 30000.' } })
  })

  it(`lets ${MAX_JOURNAL_WAITERS} reads wait at once and refuses the next with 503; closing the app ends the waits`, async () => {
    const app = await buildTestApp()
    const waits = Array.from({ length: MAX_JOURNAL_WAITERS }, () => app.inject({ url: '/__admin/requests?sid=HXNONE&wait=30000' }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const refused = await app.inject({ url: '/__admin/requests?sid=HXNONE&wait=30000' })
    expect(refused.statusCode).toBe(503)
    expect(refused.json()).toMatchObject({ code: 'E503', error: { message: `${MAX_JOURNAL_WAITERS} reads are already waiting on the journal; try again shortly.` } })
    const started = Date.now()
    await postForm(app, 'HXNONE')
    const answers = await Promise.all(waits)
    expect(answers.map((answer) => answer.json<{ total: number }>().total)).toEqual(Array.from({ length: MAX_JOURNAL_WAITERS }, () => 1))
    expect(Date.now() - started).toBeLessThan(2000)
    const late = app.inject({ url: '/__admin/requests?sid=HXLATE&wait=30000' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = Date.now()
    await app.close()
    expect((await late).json()).toMatchObject({ entries: [] })
    expect(Date.now() - closing).toBeLessThan(2000)
  })
})

describe('admin.expectRequests', () => {
  it('returns the matching requests when the count is right, waiting for an asynchronous client', async () => {
    const mock = await startTestServer()
    const ns = mock.namespace()
    setTimeout(() => { void fetch(`${ns.url}/v1/HXEXP/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } }) }, 200)
    const entries = await ns.admin.expectRequests({ sid: 'HXEXP', code: 'E939', count: 1, waitMs: 5000 })
    expect(entries.map((entry) => entry.rule)).toEqual(['required'])
    await expect(mock.admin.expectRequests({ sid: 'HXEXP', count: 0 })).resolves.toEqual([])
  })

  it('throws a readable diff: what was expected, what matched and what came instead', async () => {
    const mock = await startTestServer()
    await fetch(`${mock.url}/v1/HXDIFF/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } })
    await fetch(`${mock.url}/v1/HXDIFF/whatsapp/activation`, { method: 'POST' })
    const error = await mock.admin.expectRequests({ sid: 'HXDIFF', code: 'E937', count: 1 }).catch((caught: unknown) => caught as Error)
    expect((error as Error).message).toBe([
      'expectRequests: expected 1 request(s) matching {"sid":"HXDIFF","code":"E937"}, found 0.',
      '- expected: 1',
      '+ found:    0',
      'Other requests for sid HXDIFF (newest first):',
      '  #2 POST /v1/HXDIFF/whatsapp/activation -> 401 E401 api_key_missing',
      '  #1 POST /v1/HXDIFF/whatsapp/activation -> 400 E413 required (display_name)',
    ].join('\n'))
  })
})

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createMemoryState } from '../../server/state/mock-state.js'
import { API_KEY, activationPath, buildTestApp, postActivation, postForm, readCertificate, VALID_FIELDS } from '../support/helpers.js'

const KEY_HASH = createHash('sha256').update(API_KEY).digest('hex').slice(0, 12)

async function journal (app: Awaited<ReturnType<typeof buildTestApp>>, query = '') {
  const response = await app.inject({ method: 'GET', url: `/__admin/requests${query}` })
  expect(response.statusCode).toBe(200)
  return response.json()
}

describe('admin: the request journal', () => {
  it('stamps an entry with the time the request arrived, in ISO 8601 with milliseconds', async () => {
    const app = await buildTestApp()
    const before = Date.now()
    await postForm(app, 'HXJOURNALTIME')
    const after = Date.now()
    const { entries: [entry] } = await journal(app)
    expect(entry.time).toBe(new Date(Date.parse(entry.time)).toISOString())
    expect(Date.parse(entry.time)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(entry.time)).toBeLessThanOrEqual(after)
  })

  it('records a multipart request with its fields and a description of the certificate, never its bytes', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXJOURNAL')
    const page = await journal(app)
    const png = readCertificate('certificate.png')
    expect(page).toEqual({
      entries: [{
        seq: 1,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        method: 'POST',
        path: '/v1/HXJOURNAL/whatsapp/activation',
        sid: 'HXJOURNAL',
        contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
        headers: { 'content-type': expect.stringMatching(/^multipart\/form-data; boundary=/), 'content-length': expect.stringMatching(/^\d+$/), host: 'localhost:80', 'user-agent': 'lightMyRequest' },
        apiKey: { sent: true, hash: KEY_HASH },
        fields: {
          ...VALID_FIELDS,
          business_certificate: { filename: 'certificate.png', declaredType: 'image/png', sniffedType: 'png', size: png.length, sha256: createHash('sha256').update(png).digest('hex') },
        },
        certificate: { filename: 'certificate.png', declaredType: 'image/png', sniffedType: 'png', size: png.length, sha256: createHash('sha256').update(png).digest('hex') },
        status: 200,
        durationMs: expect.any(Number),
        code: 'I102',
        rule: null,
        parameter: null,
      }],
      total: 1,
      dropped: 0,
      capacity: 1000,
    })
  })

  it('never shows the api-key itself', async () => {
    const app = await buildTestApp()
    await postActivation(app, { payload: { display_name: 'x' }, headers: { 'api-key': 'super-secret-key-123' } })
    const response = await app.inject({ method: 'GET', url: '/__admin/requests' })
    expect(response.body).not.toMatch(/super-secret-key-123/)
    expect(response.json().entries[0].apiKey).toEqual({ sent: true, hash: createHash('sha256').update('super-secret-key-123').digest('hex').slice(0, 12) })
  })

  it.each([
    ['a validation failure', { payload: { ...VALID_FIELDS, business_id: '1.5' } }, 400, 'E413', 'integer', 'business_id'],
    ['a missing api-key', { payload: {}, headers: { 'api-key': '' } }, 401, 'E401', 'api_key_missing', null],
    ['a Content-Type PHP reads no fields from', { payload: 'x', headers: { 'content-type': 'text/plain' } }, 400, 'E413', 'unsupported_media_type', 'display_name'],
  ])('names the rule that rejected %s', async (_name, request, status, code, rule, parameter) => {
    const app = await buildTestApp()
    await postActivation(app, { sid: 'HXRULE', ...request })
    const [entry] = (await journal(app)).entries
    expect({ status: entry.status, code: entry.code, rule: entry.rule, parameter: entry.parameter }).toEqual({ status, code, rule, parameter })
  })

  it('names already_submitted for a second valid request', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXTWICE')
    await postForm(app, 'HXTWICE')
    const [second] = (await journal(app)).entries
    expect({ status: second.status, code: second.code, rule: second.rule }).toEqual({ status: 400, code: 'E937', rule: 'already_submitted' })
  })

  it('says when no api-key was sent, and journals unknown routes but not the admin API', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'GET', url: '/v2/nothing?x=1' })
    await app.inject({ method: 'GET', url: '/__admin/health' })
    const { entries } = await journal(app)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ method: 'GET', path: '/v2/nothing', sid: null, apiKey: { sent: false, hash: null }, status: 404, code: 'E404', rule: 'route_not_found', certificate: null, fields: {} })
  })

  it('lists newest first, filters by sid and limits', async () => {
    const app = await buildTestApp()
    for (const sid of ['HXA', 'HXB', 'HXA', 'HXC']) await postActivation(app, { sid, payload: {} })
    expect((await journal(app)).entries.map((entry: { sid: string }) => entry.sid)).toEqual(['HXC', 'HXA', 'HXB', 'HXA'])
    expect((await journal(app, '?sid=HXA')).entries.map((entry: { seq: number }) => entry.seq)).toEqual([3, 1])
    expect((await journal(app, '?limit=2')).entries.map((entry: { seq: number }) => entry.seq)).toEqual([4, 3])
    expect((await journal(app, '?since=2')).entries.map((entry: { seq: number }) => entry.seq)).toEqual([4, 3])
    expect((await journal(app, '?since=2&sid=HXA')).entries.map((entry: { seq: number }) => entry.seq)).toEqual([3])
  })

  it('refuses a limit that is not a positive integer', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/requests?limit=0' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message: 'querystring.limit must be >= 1.', data: [] } })
  })

  it('keeps only the configured number of entries and says how many it dropped', async () => {
    const app = await buildTestApp({ journalSize: 3 })
    for (let i = 0; i < 5; i++) await postActivation(app, { sid: `HX${i}`, payload: {} })
    const page = await journal(app)
    expect(page.entries.map((entry: { sid: string }) => entry.sid)).toEqual(['HX4', 'HX3', 'HX2'])
    expect({ total: page.total, dropped: page.dropped, capacity: page.capacity }).toEqual({ total: 5, dropped: 2, capacity: 3 })
  })

  it('clips long values so big bodies cannot fill memory through the journal', async () => {
    const app = await buildTestApp()
    await postActivation(app, { payload: { display_name: 'x'.repeat(100_000), extra: { nested: 'y'.repeat(10_000) } } })
    const [entry] = (await journal(app)).entries
    expect(entry.fields.display_name).toBe(`${'x'.repeat(512)}… (100000 characters)`)
    expect(entry.fields.extra).toBe(`{"nested":"${'y'.repeat(512 - 11)}… (cut at 512 characters)`)
  })

  it('keeps a field named __proto__ as a field, and the entry stays an ordinary object', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXPROTO', { display_name: 'Biz', __proto__field: 'x' })
    await postForm(app, 'HXPROTO2', Object.fromEntries([['__proto__', 'polluted'], ['display_name', 'Biz']]))
    const [second, first] = (await journal(app)).entries
    expect(Object.keys(second.fields)).toEqual(['__proto__', 'display_name', 'business_certificate'])
    expect(second.fields.__proto__).toBe('polluted')
    expect(first.fields.__proto__field).toBe('x')
    const raw = (await app.inject({ method: 'GET', url: '/__admin/requests?sid=HXPROTO2' })).body
    expect(raw).toContain('"fields":{"__proto__":"polluted","display_name":"Biz",')
  })

  it('DELETE clears the journal', async () => {
    const app = await buildTestApp()
    await postActivation(app, { payload: {} })
    const response = await app.inject({ method: 'DELETE', url: '/__admin/requests' })
    expect(response.json()).toEqual({ entries: [], total: 0, dropped: 0, capacity: 1000 })
  })

  it('records the path without its query string', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'POST', url: `${activationPath('HXQ')}?token=abc`, payload: {}, headers: { 'api-key': API_KEY } })
    expect((await journal(app)).entries[0].path).toBe('/v1/HXQ/whatsapp/activation')
  })
})

describe('admin: the journal and the response', () => {
  it('has recorded a request by the time its response arrives, even with a slow journal backend', async () => {
    const state = createMemoryState()
    const journal = state.journal
    const slowJournal = { ...journal, record: async (entry: Parameters<typeof journal.record>[0]) => { await new Promise((resolve) => setTimeout(resolve, 50)); await journal.record(entry) } }
    const app = await buildTestApp({ state: { ...state, journal: slowJournal } })
    await postForm(app, 'HXREADYOURWRITES')
    const page = (await app.inject({ method: 'GET', url: '/__admin/requests?sid=HXREADYOURWRITES' })).json()
    expect(page.entries.map((entry: { sid: string, status: number }) => [entry.sid, entry.status])).toEqual([['HXREADYOURWRITES', 200]])
  })
})


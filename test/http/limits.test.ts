import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/app.js'
import { loadConfig } from '../../server/cli/config.js'
import { ConfigError } from '../../server/platform/settings.js'
import { activationForm, activationPath, API_KEY, buildTestApp, postActivation, postForm, readCertificate, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'
import { listen, requestHead, sendRaw } from '../support/socket-helpers.js'

function multipartOf (parts: string[], boundary = 'b0undary'): { payload: Buffer, headers: Record<string, string> } {
  const body = parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('') + `--${boundary}--\r\n`
  return { payload: Buffer.from(body, 'latin1'), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const textPart = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`

describe('limits on what one request may send', () => {
  it('refuses a JSON or url-encoded body over the body limit with 413', async () => {
    const app = await buildTestApp({ limits: { bodyBytes: 2048 } })
    const json = await postActivation(app, { payload: JSON.stringify({ display_name: 'x'.repeat(4096) }), headers: { 'content-type': 'application/json' } })
    const form = await postActivation(app, { payload: `display_name=${'x'.repeat(4096)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    const expected = {
      code: 'E420', message: 'Request body too large.', data: [],
      error: { code: 'E420', message: 'The request body exceeds the limit of 2048 bytes.', data: [] },
    }
    expect([json.statusCode, form.statusCode]).toEqual([413, 413])
    expect(json.json()).toEqual(expected)
    expect(form.json()).toEqual(expected)
  })

  // PHP stops after the piece that goes past max_input_vars (1000), so it still reads the 1,001st.
  it('reads 1,001 url-encoded pieces, empty ones counted, as PHP\'s max_input_vars check does, and none after', async () => {
    const app = await buildTestApp()
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=x`).join('&')
    const post = (payload: string) => postActivation(app, { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect((await post(`${filler(1001)}&display_name=Kaleyra`)).json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
    expect((await post(`${filler(1000)}&display_name=Kaleyra`)).json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect((await post(`${filler(999)}&&display_name=Kaleyra`)).json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect((await post(`${filler(1000)}&&display_name=Kaleyra`)).json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('takes a SID as long as the path may carry everywhere the admin API names one: journal filter, snapshot, accounts page, fault', async () => {
    const app = await buildTestApp()
    const sid = `HX${'s'.repeat(2000)}`
    expect((await postForm(app, sid)).statusCode).toBe(200)
    const journal = await app.inject({ method: 'GET', url: `/__admin/requests?sid=${sid}` })
    expect([journal.statusCode, journal.json().entries.map((entry: { sid: string }) => entry.sid)]).toEqual([200, [sid]])
    const snapshot = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const restored = await buildTestApp()
    expect((await restored.inject({ method: 'PUT', url: '/__admin/snapshot', payload: snapshot })).statusCode).toBe(200)
    expect((await postForm(restored, sid)).json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
    const page = await app.inject({ method: 'GET', url: `/__admin/accounts?after=${sid}` })
    expect([page.statusCode, page.json().accounts]).toEqual([200, []])
    const fault = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'status', sid, status: 503 } })
    expect(fault.statusCode).toBe(201)
  })

  it('takes a certificate of 2 MiB and answers "failed to upload" past it by default, as PHP\'s upload_max_filesize (2M)', async () => {
    const app = await buildTestApp()
    const png = readCertificate('certificate.png')
    const atLimit = await postForm(app, 'HXATLIMIT', VALID_FIELDS, { bytes: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024 - png.length)]), filename: 'c.png' })
    expect(atLimit.statusCode).toBe(200)
    const over = await postForm(app, 'HXOVERLIMIT', VALID_FIELDS, { bytes: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024 - png.length + 1)]), filename: 'c.png' })
    expect(over.json()).toEqual(readJsonFixture('responses/inferred/certificate-too-large.json'))
  })

  it('answers "failed to upload" for a file over the file limit', async () => {
    const app = await buildTestApp({ limits: { certificateBytes: 1000 } })
    const response = await postForm(app, 'HXBIGFILE', VALID_FIELDS, { bytes: Buffer.alloc(1001, 0x89), filename: 'big.png' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/certificate-too-large.json'))
  })

  it('reads the multipart parts up to the parts limit and none after, as PHP\'s max_multipart_body_parts (1,020 by default)', async () => {
    const app = await buildTestApp({ limits: { parts: 10 } })
    const filler = (n: number) => Array.from({ length: n }, (_, i) => textPart(`extra${i}`, 'x'))
    const over = await postActivation(app, multipartOf([...filler(10), textPart('display_name', 'Kaleyra')]))
    expect(over.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
    const atLimit = await postActivation(app, multipartOf([...filler(9), textPart('display_name', 'Kaleyra')]))
    expect(atLimit.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect(DEFAULT_LIMITS.parts).toBe(1020)
  })

  it('cuts a text part at the field limit, so an endless field is only too long', async () => {
    const app = await buildTestApp({ limits: { fieldBytes: 1024 } })
    const { payload, headers } = activationForm({ ...VALID_FIELDS, display_name: 'x'.repeat(100_000) })
    const response = await postActivation(app, { payload, headers })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-too-long.json'))
  })

  it('skips a part whose Content-Disposition is longer than the part-header limit', async () => {
    const app = await buildTestApp({ limits: { headerBytes: 1024 } })
    const body = multipartOf([`Content-Disposition: form-data; name="display_name"; x="${'p'.repeat(1024)}"\r\n\r\nKaleyra`])
    const response = await postActivation(app, body)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('reads a part after other headers of any length, as PHP does, since only the two it reads are limited', async () => {
    const app = await buildTestApp({ limits: { headerBytes: 1024 } })
    const body = multipartOf([`X-Padding: ${'p'.repeat(100_000)}\r\n${textPart('display_name', 'Kaleyra')}`])
    const response = await postActivation(app, body)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
  })
})

describe('limits enforced on the socket', () => {
  it('answers headers over the header limit with 431 E431 and keeps serving', async () => {
    const app = await buildTestApp({ limits: { requestHeaderBytes: 4096 } })
    const port = await listen(app)
    const response = await sendRaw(port, [requestHead(activationPath(), { 'api-key': API_KEY, 'x-padding': 'p'.repeat(8192), 'content-length': 0 })])
    expect(response.status).toBe(431)
    expect(JSON.parse(response.body)).toEqual(readJsonFixture('responses/inferred/headers-too-large.json'))
    const { payload, headers } = activationForm()
    const ok = await sendRaw(port, [requestHead(activationPath('HXAFTERHEADERS'), { ...headers, 'api-key': API_KEY, 'content-length': payload.length, connection: 'close' }), payload])
    expect(ok.status).toBe(200)
  })

  it('answers bytes that are not HTTP with 400 E400 and closes the connection', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const response = await sendRaw(port, [Buffer.from('NOT HTTP AT ALL\r\n\r\n')])
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toEqual({
      code: 'E400', message: 'Bad request.', data: [],
      error: { code: 'E400', message: 'The request is not valid HTTP/1.1.', data: [] },
    })
  })

  it('cuts off a client that trickles its upload after the request timeout, freeing the connection', async () => {
    const app = await buildTestApp({ limits: { requestTimeoutMs: 400 } })
    const port = await listen(app)
    const { payload, headers } = activationForm()
    const head = requestHead(activationPath('HXTRICKLE'), { ...headers, 'api-key': API_KEY, 'content-length': payload.length + 100_000 })
    const trickle = Array.from({ length: 200 }, (_, i) => payload.subarray(i * 10, i * 10 + 10))
    const response = await sendRaw(port, [head, ...trickle], { pauseMs: 20 })
    expect(response.status).toBe(408)
    expect(JSON.parse(response.body)).toEqual(readJsonFixture('responses/inferred/request-timeout.json'))
    // Cut off near the limit (Node checks on an interval), long before the trickle would end.
    expect(response.elapsedMs).toBeGreaterThanOrEqual(400)
    expect(response.elapsedMs).toBeLessThan(2000)
    const open = await new Promise<number>((resolve, reject) => app.server.getConnections((error, count) => error ? reject(error) : resolve(count)))
    expect(open).toBe(0)
    expect((await postForm(app, 'HXAFTERTRICKLE')).statusCode).toBe(200)
  })
})

describe('the request timeout setting', () => {
  it('defaults to 30 s, reads MOCK_REQUEST_TIMEOUT_MS, and refuses a value it cannot use', () => {
    expect(loadConfig({}).limits.requestTimeoutMs).toBe(DEFAULT_LIMITS.requestTimeoutMs)
    expect(DEFAULT_LIMITS.requestTimeoutMs).toBe(30_000)
    expect(loadConfig({ MOCK_REQUEST_TIMEOUT_MS: '500' }).limits.requestTimeoutMs).toBe(500)
    expect(() => loadConfig({ MOCK_REQUEST_TIMEOUT_MS: '0' })).toThrow(ConfigError)
    expect(() => loadConfig({ MOCK_REQUEST_TIMEOUT_MS: '5s' })).toThrow(/MOCK_REQUEST_TIMEOUT_MS/)
  })
})

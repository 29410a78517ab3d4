import { describe, expect, it } from 'vitest'
import { buildTestApp, readJsonFixture } from '../support/helpers.js'
import { listen, sendRaw } from '../support/socket-helpers.js'

// Requests Node's HTTP server would answer by itself, outside the envelope. Each is sent as
// raw bytes, so nothing between the test and the server fills in what the request lacks.

const ACTIVATION = '/v1/HXRAW/whatsapp/activation'

function raw (text: string): Buffer[] {
  return [Buffer.from(text, 'latin1')]
}

describe('answers Node would send outside the envelope', () => {
  it('answers an HTTP/1.1 request without Host with a 400 envelope, closes the connection and journals it', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const response = await sendRaw(port, raw(`POST ${ACTIVATION} HTTP/1.1\r\napi-key: k\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`))
    expect(response.status).toBe(400)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(response.headers.connection).toBe('close')
    expect(JSON.parse(response.body)).toEqual(readJsonFixture('responses/inferred/host-missing.json'))
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/requests' })).json().entries
    expect(entry).toMatchObject({ path: ACTIVATION, status: 400, code: 'E400', rule: 'host_missing' })
  })

  it('serves an HTTP/1.0 request without Host, which needs none', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const response = await sendRaw(port, raw('GET /__admin/health HTTP/1.0\r\n\r\n'))
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', store: { backend: 'memory', ok: true } })
  })

  it('serves a request with an unknown Expect as if the header were absent, as nginx does, on a connection kept open', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const request = (expect: string) => `POST ${ACTIVATION} HTTP/1.1\r\nHost: mock\r\n${expect}api-key: k\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`
    const withExpect = await sendRaw(port, raw(request('Expect: foo\r\n')), { closeAfterMs: 500 })
    const without = await sendRaw(port, raw(request('')), { closeAfterMs: 500 })
    expect(withExpect.status).toBe(400)
    expect(JSON.parse(withExpect.body)).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
    expect(withExpect.body).toBe(without.body)
    expect(withExpect.headers.connection).toBe('keep-alive')
  })

  it('answers CONNECT with a 405 envelope and an empty Allow, then closes the connection', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const response = await sendRaw(port, raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), { closeAfterMs: 5000 })
    expect(response.status).toBe(405)
    expect(response.headers.allow).toBe('')
    expect(response.headers.connection).toBe('close')
    expect(JSON.parse(response.body)).toEqual(readJsonFixture('responses/inferred/connect-not-allowed.json'))
    // Closed by the server, not by the test's time limit.
    expect(response.elapsedMs).toBeLessThan(5000)
    const health = await sendRaw(port, raw('GET /__admin/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))
    expect(health.status).toBe(200)
  })
})

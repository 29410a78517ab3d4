import { request as httpRequest } from 'node:http'
import request from 'supertest'
import { Check } from 'typebox/value'
import { describe, expect, it, vi } from 'vitest'
import { FaultListSchema } from '../../server/faults/fault-schemas.js'
import { activationForm, API_KEY, buildTestApp, readJsonFixture } from '../support/helpers.js'
import { startTestServer } from '../support/server-helpers.js'

const INVALID_BODY = JSON.stringify({ display_name: '' })
const DISPLAY_NAME_REQUIRED = readJsonFixture('responses/inferred/display-name-required.json')

function post (url: string, sid: string, timeoutMs = 5000): request.Test {
  return request(url).post(`/v1/${sid}/whatsapp/activation`).set('api-key', API_KEY).set('content-type', 'application/json').send(INVALID_BODY).timeout(timeoutMs)
}

describe('injected faults, over real sockets', () => {
  it('a delay makes a client with a shorter timeout give up, and the next request is normal', async () => {
    const mock = await startTestServer()
    // A first request sets up the client (and the server's first answer), so the 300 ms below are the delay's alone.
    expect((await post(mock.url, 'HXWARM')).status).toBe(400)
    await mock.admin.addFault({ kind: 'delay', delayMs: 1500 })
    await expect(post(mock.url, 'HXSLOW', 300)).rejects.toMatchObject({ timeout: 300 })
    // The request that gave up took the fault, perhaps a moment after the client stopped waiting.
    await vi.waitFor(async () => expect(await mock.admin.faults()).toEqual([]))
    const next = await post(mock.url, 'HXSLOW')
    expect(next.body).toEqual(DISPLAY_NAME_REQUIRED)
  })

  it('a delay is followed by the normal answer', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'delay', delayMs: 250 })
    const started = Date.now()
    const response = await post(mock.url, 'HXSLOW')
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    expect(response.status).toBe(400)
    expect(response.body).toEqual(DISPLAY_NAME_REQUIRED)
  })

  it.each([
    [500, 'responses/inferred/internal-error.json'],
    [503, 'responses/inferred/service-unavailable.json'],
  ])('a status fault answers %i in the envelope style', async (status, fixture) => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'status', status: status as 500 | 503 })
    const response = await post(mock.url, 'HXDOWN')
    expect(response.status).toBe(status)
    expect(response.body).toEqual(readJsonFixture(fixture))
    expect((await post(mock.url, 'HXDOWN')).status).toBe(400)
  })

  it('a drop closes the connection without any response', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'drop' })
    const { payload, headers } = activationForm()
    const outcome = await new Promise<{ error?: NodeJS.ErrnoException, status?: number }>((resolve) => {
      const request = httpRequest(`${mock.url}/v1/HXCUT/whatsapp/activation`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY } })
      request.on('response', (response) => resolve({ status: response.statusCode }))
      request.on('error', (error) => resolve({ error }))
      request.end(payload)
    })
    expect(outcome.status).toBeUndefined()
    expect(outcome.error?.code).toBe('ECONNRESET')
    const { entries } = await mock.admin.requests()
    expect(entries[0]).toMatchObject({ sid: 'HXCUT', status: 0, code: null, rule: 'fault_drop' })
    expect((await post(mock.url, 'HXCUT')).status).toBe(400)
  })

  it('a fault for one sid leaves other sids alone, and lasts for its number of requests', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'status', sid: 'HXTARGET', times: 2 })
    expect((await post(mock.url, 'HXOTHER')).status).toBe(400)
    expect((await post(mock.url, 'HXTARGET')).status).toBe(500)
    expect((await post(mock.url, 'HXTARGET')).status).toBe(500)
    expect((await post(mock.url, 'HXTARGET')).status).toBe(400)
  })

  it('never touches the admin API, and DELETE clears pending faults', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'drop', times: 3 })
    await request(mock.url).get('/__admin/health').expect(200)
    expect(await mock.admin.faults()).toEqual([{ id: expect.any(String), kind: 'drop', sid: null, remaining: 3 }])
    await mock.admin.clearFaults()
    expect(await mock.admin.faults()).toEqual([])
    expect((await post(mock.url, 'HXFINE')).status).toBe(400)
  })
})

describe('admin: POST /__admin/faults', () => {
  it('lists faults of every kind in the shape of the schema their types derive from, each delay with exactly its distribution\'s fields', async () => {
    const app = await buildTestApp()
    const bodies = [
      { kind: 'delay', delayMs: 10 },
      { kind: 'delay', delay: { distribution: 'uniform', min: 1, max: 5, median: 3 } },
      { kind: 'status', status: 503, retryAfter: 2 },
      { kind: 'answer', answer: 'validation', parameter: 'business_id', rule: 'integer' },
      { kind: 'drop', sid: 'HXDROP' },
      { kind: 'hang', untilCleared: true },
      { kind: 'sequence', steps: [{ kind: 'delay', delay: { distribution: 'lognormal', median: 5, sigma: 0.5 } }, { kind: 'pass' }] },
    ]
    for (const payload of bodies) expect((await app.inject({ method: 'POST', url: '/__admin/faults', payload })).statusCode).toBe(201)
    const list = (await app.inject({ method: 'GET', url: '/__admin/faults' })).json()
    expect(list.faults.map((fault: { delay?: unknown }) => fault.delay)).toEqual([
      undefined, { distribution: 'uniform', min: 1, max: 5 }, undefined, undefined, undefined, undefined, undefined,
    ])
    expect(list.faults[6].steps[0].delay).toEqual({ distribution: 'lognormal', median: 5, sigma: 0.5 })
    expect(Check(FaultListSchema, list)).toBe(true)
    delete list.faults[1].delay.max
    expect(Check(FaultListSchema, list)).toBe(false)
  })

  it('answers 201 with the fault it added', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'delay', delayMs: 100, sid: 'HX1', times: 2 } })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ id: expect.any(String), kind: 'delay', sid: 'HX1', remaining: 2, delayMs: 100 })
  })

  it.each([
    [{ kind: 'explode' }, 'body.kind must be one of: delay, status, drop, answer, hang, sequence.'],
    [{ kind: 'delay' }, 'A delay fault needs delayMs or delay.'],
    [{ kind: 'delay', delayMs: 600_000 }, 'body.delayMs must be <= 60000.'],
    [{ kind: 'status', status: 404 }, 'body.status must be one of: 408, 429, 500, 502, 503, 504.'],
    [{ kind: 'status', status: 500, retryAfter: 2 }, 'Retry-After goes with status 429 or 503 only.'],
    [{ kind: 'delay', delay: { distribution: 'uniform', min: 500, max: 100 } }, 'A uniform delay needs min <= max.'],
    [{ kind: 'delay', delay: { distribution: 'lognormal', median: 100 } }, 'A lognormal delay needs median and sigma.'],
    [{ kind: 'answer' }, 'An answer fault needs answer: one of already_submitted, validation, api_key_missing, api_key_invalid.'],
    [{ kind: 'answer', answer: 'validation', parameter: 'colour' }, 'A validation answer\'s parameter is one of display_name, wa_number, business_id, business_name, business_certificate, incoming_url.'],
    [{ kind: 'answer', answer: 'validation', parameter: 'wa_number', rule: 'integer' }, 'wa_number fails with one of the rules uploadFailed, required, phoneNumber.'],
    [{ kind: 'sequence', sid: 'HX1' }, 'A sequence fault needs steps.'],
    [{ kind: 'sequence', steps: [{ kind: 'pass' }, { kind: 'status', status: 502, retryAfter: 1 }] }, 'Step 2: Retry-After goes with status 429 or 503 only.'],
    [{ kind: 'sequence', steps: [{ kind: 'sequence' }] }, 'body.steps.0.kind must be one of: delay, status, drop, answer, hang, pass.'],
    [{ kind: 'drop', steps: [{ kind: 'pass' }] }, 'Only a sequence fault has steps.'],
    [{ kind: 'drop', times: 0 }, 'body.times must be >= 1.'],
  ])('refuses %j with 400 saying why', async (payload, message) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/faults', payload })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message, data: [] } })
    expect((await app.inject({ method: 'GET', url: '/__admin/faults' })).json()).toEqual({ faults: [] })
  })
})

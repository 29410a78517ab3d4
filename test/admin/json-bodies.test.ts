import FormData from 'form-data'
import { describe, expect, it } from 'vitest'
import { buildTestApp, readJsonFixture } from '../support/helpers.js'

const JSON_ONLY = readJsonFixture('responses/inferred/unsupported-media-type.json')

/** Every admin route that reads a body, with a body its schema accepts. */
const BODY_ROUTES = [
  { method: 'POST', url: '/__admin/faults', body: { kind: 'drop' } },
  { method: 'PUT', url: '/__admin/accounts/HXFORM', body: { state: 'submitted' } },
  { method: 'POST', url: '/__admin/provider-states', body: { state: 'account {sid} has not submitted an activation request', params: { sid: 'HXFORM' }, action: 'setup' } },
  { method: 'PUT', url: '/__admin/snapshot', body: { version: 1, accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } } },
] as const

function multipart (body: object): { payload: Buffer, headers: Record<string, string> } {
  const form = new FormData()
  for (const [name, value] of Object.entries(body)) form.append(name, typeof value === 'string' ? value : JSON.stringify(value))
  return { payload: form.getBuffer(), headers: form.getHeaders() }
}

describe('admin routes that take a body take JSON only', () => {
  it.each(BODY_ROUTES)('answers curl\'s default form encoding on $method $url with the 415 envelope naming application/json', async ({ method, url, body }) => {
    const app = await buildTestApp()
    // What `curl -X POST … -d '{"kind":"drop"}'` sends: the JSON text as a form.
    const response = await app.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toEqual(JSON_ONLY)
    expect(response.json().error.message).toContain('application/json')
  })

  it.each(BODY_ROUTES)('answers a multipart form on $method $url with the same 415', async ({ method, url, body }) => {
    const app = await buildTestApp()
    const response = await app.inject({ method, url, ...multipart(body) })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toEqual(JSON_ONLY)
  })

  it.each(BODY_ROUTES)('takes the same body as JSON on $method $url', async ({ method, url, body }) => {
    const app = await buildTestApp()
    const response = await app.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    expect(response.statusCode).toBeLessThan(300)
  })

  it('changes nothing when it refuses a form: the fault is not added', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: 'kind=drop', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect((await app.inject({ method: 'GET', url: '/__admin/faults' })).json()).toEqual({ faults: [] })
  })

  it('still reads the activation endpoint\'s forms as PHP does', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/v1/HXFORM/whatsapp/activation', payload: 'display_name=x', headers: { 'api-key': 'k', 'content-type': 'application/x-www-form-urlencoded' } })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.parameter).toBe('wa_number')
  })
})

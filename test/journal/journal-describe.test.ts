import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { activationPath, API_KEY, buildTestApp, expectServing } from '../support/helpers.js'

const LEVELS = 100_000

async function entries (app: FastifyInstance): Promise<Array<Record<string, unknown> & { fields: Record<string, unknown> }>> {
  const response = await app.inject({ method: 'GET', url: '/__admin/requests' })
  expect(response.statusCode).toBe(200)
  return response.json().entries
}

function post (app: FastifyInstance, url: string, payload: string) {
  return app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', 'api-key': API_KEY } })
}

describe('the journal describes any value a client can send, within bounds', () => {
  it(`journals a body nested ${LEVELS} levels deep, showing 16 levels and a marker`, async () => {
    const app = await buildTestApp()
    const response = await post(app, '/v2/deep', `{"nested":${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}`)
    expect(response.statusCode).toBe(404)
    const [entry] = await entries(app)
    expect(entry).toMatchObject({ method: 'POST', path: '/v2/deep', status: 404, code: 'E404' })
    expect(entry.fields).toEqual({ nested: `${'['.repeat(16)}[…]${']'.repeat(16)}` })
    await expectServing(app)
  })

  it(`journals a request to the endpoint whose body is nested ${LEVELS} levels deep`, async () => {
    const app = await buildTestApp()
    const response = await post(app, activationPath('HXDEEP'), `{"display_name":${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}}`)
    expect(response.statusCode).toBe(400)
    const [entry] = await entries(app)
    expect(entry).toMatchObject({ method: 'POST', sid: 'HXDEEP', status: 400 })
  })

  it(`answers and journals a ${LEVELS}-level body that makes the JSON parser look for prototype keys`, async () => {
    const app = await buildTestApp()
    const response = await post(app, '/v2/deep', `{"constructor":1,"nested":${'{"a":'.repeat(LEVELS)}{"constructor":2}${'}'.repeat(LEVELS)}}`)
    expect(response.statusCode).toBe(404)
    const [entry] = await entries(app)
    expect(entry.fields.constructor).toBe(1)
    expect(entry.fields.nested).toBe(`${'{"a":'.repeat(16)}{…}${'}'.repeat(16)}`)
  })

  it('cuts a wide value at 512 characters and says so', async () => {
    const app = await buildTestApp()
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))
    await post(app, '/v2/wide', JSON.stringify({ wide }))
    const [entry] = await entries(app)
    const described = entry.fields.wide as string
    expect(described).toMatch(/^\{"k0":0,"k1":1,"k2":2,.*… \(cut at 512 characters\)$/)
    expect(described).toBe(`${JSON.stringify(wide).slice(0, 512)}… (cut at 512 characters)`)
  })

  it('writes a value that fits as its JSON text, escapes included', async () => {
    const app = await buildTestApp()
    const value = { a: [1, 'two', null, true, { b: 'quote " and \\ and \u2028', '': -1.5e300 }], c: {} }
    await post(app, '/v2/small', JSON.stringify({ value }))
    const [entry] = await entries(app)
    expect(entry.fields.value).toBe(JSON.stringify(value))
  })
  it('journals each request with its own headers, api-key and fields when requests alternate and repeat', async () => {
    const app = await buildTestApp()
    // A text over 512 characters makes the body one the journal must describe rather than keep.
    const send = (tag: string, key: string, text: string) => app.inject({
      method: 'POST',
      url: activationPath('HXMEMO'),
      payload: JSON.stringify({ display_name: text }),
      headers: { 'content-type': 'application/json', 'api-key': key, 'x-tag': tag },
    })
    await send('a', 'key-one', 'first')
    await send('a', 'key-one', 'first')
    await send('b', 'key-two', 'x'.repeat(600))
    await send('a', 'key-one', 'first')
    const [fourth, third, second, first] = await entries(app)
    for (const entry of [first, second, fourth]) {
      expect(entry.headers).toMatchObject({ 'x-tag': 'a' })
      expect(entry.fields).toEqual({ display_name: 'first' })
    }
    expect(third.headers).toMatchObject({ 'x-tag': 'b' })
    expect(third.fields).toEqual({ display_name: `${'x'.repeat(512)}… (600 characters)` })
    expect(first.apiKey).toEqual(second.apiKey)
    expect(third.apiKey).not.toEqual(first.apiKey)
    expect((third.apiKey as { sent: boolean }).sent).toBe(true)
  })
})

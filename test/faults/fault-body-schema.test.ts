import { describe, expect, it } from 'vitest'
import { buildTestApp, postForm } from '../support/helpers.js'

async function faultBodySchema () {
  const app = await buildTestApp()
  const doc = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json()
  return { app, schema: doc.paths['/__admin/faults'].post.requestBody.content['application/json'].schema as { required: string[], properties: Record<string, { maxLength?: number, default?: unknown }> } }
}

describe('the fault body in the OpenAPI document', () => {
  it('documents times as optional, with its default of 1, which a fault without times gets', async () => {
    const { app, schema } = await faultBodySchema()
    expect(schema.required).toEqual(['kind'])
    expect(schema.properties.times.default).toBe(1)
    const added = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'drop' } })
    expect(added.json()).toMatchObject({ kind: 'drop', remaining: 1 })
  })

  it('limits the fault\'s SID to the length a SID in the path can have', async () => {
    const { app, schema } = await faultBodySchema()
    const limit = schema.properties.sid.maxLength!
    // The longest SID the endpoint routes is the limit, one more is refused before the endpoint.
    expect((await postForm(app, 'H'.repeat(limit))).statusCode).toBe(200)
    expect((await postForm(app, 'H'.repeat(limit + 1))).json().code).toBe('E400')
    expect((await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'drop', sid: 'S'.repeat(limit) } })).statusCode).toBe(201)
    expect((await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'drop', sid: 'S'.repeat(limit + 1) } })).statusCode).toBe(400)
  })
})

import { describe, expect, it } from 'vitest'
import { ActivationSchema } from '../../server/activation/activation-schemas.js'
import { buildTestApp, postActivation, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'

async function openapi () {
  const app = await buildTestApp()
  const response = await app.inject({ method: 'GET', url: '/__admin/openapi.json' })
  expect(response.statusCode).toBe(200)
  return response.json()
}

describe('admin: GET /__admin/openapi.json', () => {
  it('is an OpenAPI 3.1 document of the endpoint and every admin route', async () => {
    const doc = await openapi()
    expect(doc.openapi).toBe('3.1.0')
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    expect(operations.sort()).toEqual([
      'DELETE /__admin/accounts/{sid}',
      'DELETE /__admin/faults',
      'DELETE /__admin/requests',
      'DELETE /__admin/reset',
      'GET /__admin/accounts',
      'GET /__admin/accounts/{sid}',
      'GET /__admin/faults',
      'GET /__admin/fixtures',
      'GET /__admin/fixtures/{name}',
      'GET /__admin/health',
      'GET /__admin/metrics',
      'GET /__admin/namespaces',
      'GET /__admin/openapi.json',
      'GET /__admin/report',
      'GET /__admin/requests',
      'GET /__admin/snapshot',
      'POST /__admin/faults',
      'POST /__admin/provider-states',
      'POST /__admin/reset',
      'POST /v1/{sid}/whatsapp/activation',
      'PUT /__admin/accounts/{sid}',
      'PUT /__admin/snapshot',
    ])
  })

  it('documents the namespace prefix as a second server, with the name rule', async () => {
    const doc = await openapi()
    expect(doc.servers).toEqual([
      { url: '/', description: 'The default namespace' },
      { url: '/ns/{namespace}', description: 'A namespace: the whole mock again, isolated', variables: { namespace: { default: 'my-test-run', description: '1 to 64 characters of [A-Za-z0-9._-]' } } },
    ])
    expect(doc.paths['/__admin/namespaces'].get.responses['200'].content['application/json'].schema.properties.namespaces.type).toBe('array')
    expect(doc.paths['/__admin/reset'].delete.summary).toMatch(/drop the namespace/)
  })

  it('describes the activation request in the documentation\'s field order, for all three body types', async () => {
    const body = (await openapi()).paths['/v1/{sid}/whatsapp/activation'].post.requestBody
    expect(Object.keys(body.content)).toEqual(['multipart/form-data', 'application/json', 'application/x-www-form-urlencoded'])
    const schema = body.content['multipart/form-data'].schema
    expect(Object.keys(schema.properties)).toEqual(['display_name', 'wa_number', 'business_id', 'business_name', 'business_certificate', 'incoming_url'])
    expect(schema.properties.business_certificate).toMatchObject({ type: 'string', format: 'binary' })
    expect(schema.required).toEqual(['display_name', 'wa_number', 'business_id', 'business_name', 'business_certificate'])
  })

  it('takes the success body\'s schema from the one the server is built with', async () => {
    const responses = (await openapi()).paths['/v1/{sid}/whatsapp/activation'].post.responses
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '413', '500', '503'])
    const item = responses['200'].content['application/json'].schema.properties.data.items
    expect(Object.keys(item.properties)).toEqual(Object.keys(ActivationSchema.properties))
    expect(item.properties.business_details.properties.namespace.pattern).toBe((ActivationSchema.properties.business_details.properties.namespace as { pattern?: string }).pattern)
  })

  it('documents the optional bearer token on every admin route but health', async () => {
    const doc = await openapi()
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.paths['/__admin/reset'].post.security).toEqual([{}, { adminToken: [] }])
    expect(doc.paths['/__admin/health'].get.security).toBeUndefined()
  })

  it('documents the seedable states from the store\'s list', async () => {
    const put = (await openapi()).paths['/__admin/accounts/{sid}'].put
    expect(put.requestBody.content['application/json'].schema.properties.state.enum).toEqual(['fresh', 'submitted', 'active_channel'])
  })

  it('only documents the endpoint: its validation stays the vendor\'s (a JSON number is not coerced, extra fields do not matter)', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: { ...VALID_FIELDS, display_name: 42, unknown: 'x' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-not-string.json'))
  })
})

import { describe, expect, it } from 'vitest'
import { buildTestApp, readJsonFixture } from '../support/helpers.js'

const UNAUTHORIZED = readJsonFixture('responses/inferred/admin-unauthorized.json')

const GUARDED = [
  ['POST', '/__admin/reset'],
  ['GET', '/__admin/accounts/HX1'],
  ['PUT', '/__admin/accounts/HX1'],
  ['DELETE', '/__admin/accounts/HX1'],
  ['GET', '/__admin/requests'],
  ['DELETE', '/__admin/requests'],
  ['POST', '/__admin/faults'],
  ['GET', '/__admin/faults'],
  ['DELETE', '/__admin/faults'],
  ['GET', '/__admin/openapi.json'],
  ['POST', '/__admin/provider-states'],
] as const

describe('the admin token', () => {
  it.each(GUARDED)('refuses %s %s without the token with 401', async (method, url) => {
    const app = await buildTestApp({ adminToken: 's3cret' })
    const response = await app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : { state: 'fresh', kind: 'drop' } })
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer')
    expect(response.json()).toEqual(UNAUTHORIZED)
  })

  it('refuses a wrong token, another scheme and a token of another length', async () => {
    const app = await buildTestApp({ adminToken: 's3cret' })
    for (const authorization of ['Bearer wrong', 'Basic czNjcmV0', 'Bearer s3cret-and-more', 's3cret']) {
      const response = await app.inject({ method: 'GET', url: '/__admin/requests', headers: { authorization } })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual(UNAUTHORIZED)
    }
  })

  it('lets the right bearer token through', async () => {
    const app = await buildTestApp({ adminToken: 's3cret' })
    const response = await app.inject({ method: 'PUT', url: '/__admin/accounts/HX1', payload: { state: 'submitted' }, headers: { authorization: 'Bearer s3cret' } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ sid: 'HX1', state: 'submitted', activation: null })
  })

  it('never guards health, so probes need no secret', async () => {
    const app = await buildTestApp({ adminToken: 's3cret' })
    const response = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect(response.statusCode).toBe(200)
  })

  it('does not guard the vendor endpoint, which has its own api-key', async () => {
    const app = await buildTestApp({ adminToken: 's3cret' })
    const response = await app.inject({ method: 'POST', url: '/v1/HX1/whatsapp/activation', payload: {}, headers: { 'api-key': 'k' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('is not needed when no token is configured', async () => {
    const app = await buildTestApp()
    expect((await app.inject({ method: 'GET', url: '/__admin/requests' })).statusCode).toBe(200)
  })
})

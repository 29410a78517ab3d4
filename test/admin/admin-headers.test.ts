import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../support/helpers.js'

const ADMIN_ANSWERS: Array<[string, InjectOptions, number]> = [
  ['health', { method: 'GET', url: '/__admin/health' }, 200],
  ['the journal', { method: 'GET', url: '/__admin/requests' }, 200],
  ['clearing the journal', { method: 'DELETE', url: '/__admin/requests' }, 200],
  ['a refused query', { method: 'GET', url: '/__admin/requests?limit=0' }, 400],
  ['the OpenAPI document', { method: 'GET', url: '/__admin/openapi.json' }, 200],
  ['the snapshot', { method: 'GET', url: '/__admin/snapshot' }, 200],
  ['an account', { method: 'GET', url: '/__admin/accounts/HXNONE' }, 200],
  ['a provider state', { method: 'POST', url: '/__admin/provider-states', payload: { state: 'account HXH has already submitted an activation request' } }, 200],
  ['an unknown admin path', { method: 'GET', url: '/__admin/nothing' }, 404],
  ['an escaped unknown admin path', { method: 'GET', url: '/%5F_admin%2Fnothing' }, 404],
  ['a wrong method on an admin path', { method: 'PUT', url: '/__admin/health' }, 405],
]

describe('admin answers and the browser', () => {
  it.each(ADMIN_ANSWERS)('sends nosniff and no-store with %s', async (_name, request, status) => {
    const app = await buildTestApp()
    const response = await app.inject(request)
    expect(response.statusCode).toBe(status)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('sends them with the 401 for a missing admin token', async () => {
    const app = await buildTestApp({ adminToken: 'admin-secret' })
    const response = await app.inject({ method: 'GET', url: '/__admin/requests' })
    expect(response.statusCode).toBe(401)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('leaves the vendor endpoint\'s answers as they were', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/v1/HXV/whatsapp/activation', payload: {}, headers: { 'api-key': 'k' } })
    expect(response.statusCode).toBe(400)
    expect(response.headers['x-content-type-options']).toBeUndefined()
    expect(response.headers['cache-control']).toBeUndefined()
  })
})

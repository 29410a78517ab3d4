import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { createMemoryState } from '../../server/state/mock-state.js'
import { buildTestApp, postActivation, VALID_FIELDS } from '../support/helpers.js'

const SECRET_KEY = 'provider-state-secret-key-42'
const API_KEY_STATE = { state: 'api-key {apiKey} is valid for account {sid}', params: { apiKey: SECRET_KEY, sid: 'HXSECRET' }, action: 'setup' }

async function journalBody (app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/__admin/requests' })
  expect(response.statusCode).toBe(200)
  return response.body
}

describe('the journal and the admin boundary', () => {
  it.each([
    '/%5F_admin/provider-states',
    '/_%5Fadmin/provider-states',
    '/%5f%5fadmin/provider-states',
    '/%5F%5fadmin/provider-states',
    '/%5F_%61dmin/provider-states',
    '/__admin/provider%2Dstates',
  ])('routes %s to the admin API and leaves it out of the journal, api-key and all', async (path) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: path, payload: API_KEY_STATE })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ sid: 'HXSECRET' })
    const journal = await journalBody(app)
    expect(journal).not.toContain(SECRET_KEY)
    expect(JSON.parse(journal).entries).toEqual([])
  })

  it.each([
    '/__admin%2Fprovider-states',
    '/__admin%2fprovider-states',
    '/%5F_admin%2Fprovider-states',
    '/%5f%5Fadmin%2fprovider-states?x=1',
    '/__admin/nothing-here',
  ])('leaves %s, an admin path no route matches, out of the journal', async (path) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: path, payload: API_KEY_STATE })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('E404')
    const journal = await journalBody(app)
    expect(journal).not.toContain(SECRET_KEY)
    expect(JSON.parse(journal).entries).toEqual([])
  })

  it.each([
    ['the endpoint', '/v1/HXPLAIN/whatsapp/activation', 400],
    ['the endpoint with an escaped SID', '/v1/HX%5FESCAPED/whatsapp/activation', 400],
    ['an account named __admin', '/v1/__admin/whatsapp/activation', 400],
    ['an unknown route', '/v2/%5F_admin', 404],
  ])('still journals a request to %s', async (_name, path, status) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: path, payload: { display_name: 'Biz' }, headers: { 'api-key': 'k' } })
    expect(response.statusCode).toBe(status)
    const { entries } = JSON.parse(await journalBody(app))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ method: 'POST', path, status, fields: { display_name: 'Biz' } })
  })

  it.each([
    ['a broken percent-escape', '/v1/HX%zz/whatsapp/activation', 'The path is not a valid URL.'],
  ])('journals a request the router refuses for %s, before answering it', async (_name, path, message) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: `${path}?q=1`, payload: { display_name: 'Biz' }, headers: { 'api-key': 'k' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message, data: [] } })
    const { entries } = JSON.parse(await journalBody(app))
    expect(entries).toEqual([expect.objectContaining({ method: 'POST', path, sid: null, status: 400, code: 'E400', rule: 'bad_request', fields: {} })])
    expect(entries[0].time).toBe(new Date(Date.parse(entries[0].time)).toISOString())
  })

  it('has journaled a refused request by the time its answer arrives, even with a slow journal backend', async () => {
    const state = createMemoryState()
    const journal = state.journal
    const slowJournal = { ...journal, record: async (entry: Parameters<typeof journal.record>[0]) => { await new Promise((resolve) => setTimeout(resolve, 50)); await journal.record(entry) } }
    const app = await buildTestApp({ state: { ...state, journal: slowJournal } })
    const response = await app.inject({ method: 'POST', url: '/v1/HX%zz/whatsapp/activation', payload: {} })
    expect(response.statusCode).toBe(400)
    expect((await journal.list()).entries.map((entry) => entry.path)).toEqual(['/v1/HX%zz/whatsapp/activation'])
  })

  it('leaves a refused admin path out of the journal', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/provider-states%zz', payload: API_KEY_STATE })
    expect(response.statusCode).toBe(400)
    expect(JSON.parse(await journalBody(app)).entries).toEqual([])
  })

  it('journals an activation request sent after admin traffic that it leaves out', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'POST', url: '/%5F_admin/provider-states', payload: API_KEY_STATE })
    const response = await postActivation(app, { sid: 'HXSECRET', payload: VALID_FIELDS, headers: { 'api-key': SECRET_KEY } })
    expect(response.statusCode).toBe(400)
    const { entries } = JSON.parse(await journalBody(app))
    expect(entries.map((entry: { path: string }) => entry.path)).toEqual(['/v1/HXSECRET/whatsapp/activation'])
  })
})

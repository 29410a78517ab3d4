import { describe, expect, it } from 'vitest'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'

const ALREADY_SUBMITTED = readJsonFixture('responses/documented-already-submitted.json')

describe('admin: health', () => {
  it('answers 200 {status: ok} while serving, naming the state backend', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', store: { backend: 'memory', ok: true } })
  })
})

describe('admin: accounts', () => {
  it('shows a never-seen account as fresh with no activation', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/accounts/HXNEW' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ sid: 'HXNEW', state: 'fresh', activation: null })
  })

  it('shows the activation an account created, as the endpoint returned it', async () => {
    const app = await buildTestApp({ seed: 'admin' })
    const created = await postForm(app, 'HXMADE')
    const response = await app.inject({ method: 'GET', url: '/__admin/accounts/HXMADE' })
    expect(response.json()).toEqual({ sid: 'HXMADE', state: 'submitted', activation: created.json().data[0] })
  })

  it.each(['submitted', 'active_channel'])('makes the endpoint answer E937 once seeded as %s', async (state) => {
    const app = await buildTestApp()
    const seeded = await app.inject({ method: 'PUT', url: '/__admin/accounts/HXSEEDED', payload: { state } })
    expect(seeded.statusCode).toBe(200)
    expect(seeded.json()).toEqual({ sid: 'HXSEEDED', state, activation: null })
    const response = await postForm(app, 'HXSEEDED')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(ALREADY_SUBMITTED)
  })

  it('seeding an account fresh gives it its chance back', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXAGAIN')
    await app.inject({ method: 'PUT', url: '/__admin/accounts/HXAGAIN', payload: { state: 'fresh' } })
    expect((await postForm(app, 'HXAGAIN')).statusCode).toBe(200)
  })

  it('lists every account that is not fresh by SID, page by page, following next', async () => {
    const app = await buildTestApp({ seed: 'admin' })
    const created = await postForm(app, 'HXLIST2')
    for (const sid of ['HXLIST3', 'HXLIST1']) await app.inject({ method: 'PUT', url: `/__admin/accounts/${sid}`, payload: { state: 'active_channel' } })
    await app.inject({ method: 'PUT', url: '/__admin/accounts/HXLIST0', payload: { state: 'fresh' } })
    const first = await app.inject({ method: 'GET', url: '/__admin/accounts?limit=2' })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({
      accounts: [{ sid: 'HXLIST1', state: 'active_channel', activation: null }, { sid: 'HXLIST2', state: 'submitted', activation: created.json().data[0] }],
      next: 'HXLIST2',
    })
    const second = await app.inject({ method: 'GET', url: '/__admin/accounts?limit=2&after=HXLIST2' })
    expect(second.json()).toEqual({ accounts: [{ sid: 'HXLIST3', state: 'active_channel', activation: null }], next: null })
  })

  it.each(['limit=0', 'limit=501', 'limit=x', 'after='])('refuses a page query of %s with 400', async (query) => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: `/__admin/accounts?${query}` })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('E400')
  })

  it('refuses an unknown state with 400 naming the valid ones', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'PUT', url: '/__admin/accounts/HXBAD', payload: { state: 'activated' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/admin-unknown-state.json'))
    expect((await app.inject({ method: 'GET', url: '/__admin/accounts/HXBAD' })).json().state).toBe('fresh')
  })

  it('refuses a seed without a state with 400 in the envelope style', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'PUT', url: '/__admin/accounts/HXBAD', payload: {} })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message: 'body must have required property \'state\'.', data: [] } })
  })

  it('DELETE resets one account and leaves the others alone', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXONE')
    await postForm(app, 'HXTWO')
    const response = await app.inject({ method: 'DELETE', url: '/__admin/accounts/HXONE' })
    expect(response.json()).toEqual({ sid: 'HXONE', state: 'fresh', activation: null })
    expect((await postForm(app, 'HXONE')).statusCode).toBe(200)
    expect((await postForm(app, 'HXTWO')).json()).toEqual(ALREADY_SUBMITTED)
  })
})

describe('admin: reset', () => {
  it('clears every account, the journal and the faults', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXA')
    await app.inject({ method: 'PUT', url: '/__admin/accounts/HXB', payload: { state: 'active_channel' } })
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'status', times: 5 } })

    const response = await app.inject({ method: 'POST', url: '/__admin/reset' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'reset' })

    expect((await app.inject({ method: 'GET', url: '/__admin/faults' })).json()).toEqual({ faults: [] })
    expect((await app.inject({ method: 'GET', url: '/__admin/requests' })).json()).toEqual({ entries: [], total: 0, dropped: 0, capacity: 1000 })
    const again = await postForm(app, 'HXA')
    expect(again.statusCode).toBe(200)
    expect(again.json().data[0].business_details.id).toBe(1)
    expect((await postForm(app, 'HXB')).statusCode).toBe(200)
  })
})

describe('admin: reset and provider-state api-keys', () => {
  it('forgets api-keys registered by a provider state, so any key opens the account again', async () => {
    const app = await buildTestApp()
    const state = await app.inject({
      method: 'POST',
      url: '/__admin/provider-states',
      payload: { state: 'api-key {apiKey} is valid for account {sid}', params: { apiKey: 'only-this-key', sid: 'HXKEYS' }, action: 'setup' },
    })
    expect(state.statusCode).toBe(200)
    expect((await postForm(app, 'HXKEYS')).statusCode).toBe(401)

    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode).toBe(200)
    expect((await postForm(app, 'HXKEYS')).statusCode).toBe(200)
  })
})


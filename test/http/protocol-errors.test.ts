import { describe, expect, it } from 'vitest'
import type { AccountStore } from '../../server/accounts/account-store.js'
import type { Activation } from '../../server/activation/activation-factory.js'
import { createMemoryState } from '../../server/state/mock-state.js'
import { activationForm, activationPath, API_KEY, buildTestApp, postActivation, postForm, readJsonFixture } from '../support/helpers.js'

describe('authentication', () => {
  it('refuses a request without an api-key with 401', async () => {
    const app = await buildTestApp()
    const { payload, headers } = activationForm()
    const response = await app.inject({ method: 'POST', url: activationPath(), payload, headers })
    expect(response.statusCode).toBe(401)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/api-key-missing.json'))
  })

  it('refuses a blank api-key as missing', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: {}, headers: { 'api-key': '  ' } })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/api-key-missing.json'))
  })

  it('accepts only the listed sid/api-key pairs when given accounts', async () => {
    const app = await buildTestApp({ accounts: [{ sid: 'HXLISTED', apiKey: 'right-key' }] })
    const { payload, headers } = activationForm()
    const wrongKey = await postActivation(app, { sid: 'HXLISTED', payload, headers: { ...headers, 'api-key': 'wrong-key' } })
    expect(wrongKey.statusCode).toBe(401)
    expect(wrongKey.json()).toEqual(readJsonFixture('responses/inferred/api-key-invalid.json'))
    const wrongSid = await postActivation(app, { sid: 'HXOTHER', payload, headers: { ...headers, 'api-key': 'right-key' } })
    expect(wrongSid.json()).toEqual(readJsonFixture('responses/inferred/api-key-invalid.json'))
    const right = await postActivation(app, { sid: 'HXLISTED', payload, headers: { ...headers, 'api-key': 'right-key' } })
    expect(right.statusCode).toBe(200)
  })

  it('checks the api-key before the body', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: activationPath(), payload: '{not json', headers: { 'content-type': 'application/json' } })
    expect(response.statusCode).toBe(401)
  })
})

describe('responses the documentation does not show', () => {
  it('answers a body over the total limit with 413 and keeps serving', async () => {
    const app = await buildTestApp({ limits: { bodyBytes: 4096 } })
    const { payload, headers } = activationForm(undefined, { bytes: Buffer.alloc(8192, 1), filename: 'big.png' })
    const response = await postActivation(app, { payload, headers })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toEqual({
      code: 'E420', message: 'Request body too large.', data: [],
      error: { code: 'E420', message: 'The request body exceeds the limit of 4096 bytes.', data: [] },
    })
    expect((await postForm(app, 'HXAFTER')).statusCode).toBe(200)
  })

  it('answers an unknown route with 404 E404', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/v2/nothing?x=1' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({
      code: 'E404', message: 'Route not found.', data: [],
      error: { code: 'E404', message: 'No route matches GET /v2/nothing.', data: [] },
    })
  })

  it('answers a wrong method on the endpoint with 405 and an Allow header', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: activationPath(), headers: { 'api-key': API_KEY } })
    expect(response.statusCode).toBe(405)
    expect(response.headers.allow).toBe('POST')
    expect(response.json()).toEqual({
      code: 'E405', message: 'Method not allowed.', data: [],
      error: { code: 'E405', message: 'GET is not allowed on /v1/HXAP16XXXXX071US/whatsapp/activation; use POST.', data: [] },
    })
  })

  it('answers an unexpected fault with 500 and no stack trace, then keeps serving', async () => {
    const state = createMemoryState()
    const memory = state.accounts
    let broken = true
    const accounts: AccountStore<Activation> = { ...memory, claim: (sid, create) => broken ? Promise.reject(new Error('disk on fire')) : memory.claim(sid, create) }
    const app = await buildTestApp({ state: { ...state, accounts } })
    const response = await postForm(app, 'HXFAULT')
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/internal-error.json'))
    expect(response.body).not.toContain('disk on fire')
    broken = false
    expect((await postForm(app, 'HXFAULT')).statusCode).toBe(200)
  })
})

describe('health', () => {
  it('answers 200 with the state backend it uses', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('{"status":"ok","store":{"backend":"memory","ok":true}}')
  })
})

describe('the SID segment', () => {
  it.each(['', '%20'])('answers 404 when the SID is %j, as the real route would not match', async (sid) => {
    const app = await buildTestApp()
    const response = await postForm(app, sid)
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('E404')
    expect(response.json().error.message).toBe(`No route matches POST /v1/${sid}/whatsapp/activation.`)
  })
})

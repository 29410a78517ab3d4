import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { STATES } from '../../contracts/provider-states.js'
import { PROVIDER_STATES } from '../../server/contract/provider-states.js'
import { API_KEY, buildTestApp, postActivation, postForm, readJsonFixture } from '../support/helpers.js'

const NOT_SUBMITTED = 'account {sid} has not submitted an activation request'
const ALREADY_SUBMITTED = 'account {sid} has already submitted an activation request'
const ACTIVE_CHANNEL = 'account {sid} has an active WhatsApp channel'
const API_KEY_VALID = 'api-key {apiKey} is valid for account {sid}'

function changeState (app: FastifyInstance, payload: unknown) {
  return app.inject({ method: 'POST', url: '/__admin/provider-states', payload: payload as Record<string, unknown> })
}

describe('POST /__admin/provider-states', () => {
  it('puts an account in the submitted state, so the next valid request gets E937', async () => {
    const app = await buildTestApp()
    const response = await changeState(app, { state: ALREADY_SUBMITTED, params: { sid: 'HXSTATE1' }, action: 'setup' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ sid: 'HXSTATE1' })
    expect((await postForm(app, 'HXSTATE1')).json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
  })

  it('treats an active WhatsApp channel as a used chance too', async () => {
    const app = await buildTestApp()
    await changeState(app, { state: ACTIVE_CHANNEL, params: { sid: 'HXSTATE2' } })
    expect(await app.state.accounts.get('HXSTATE2')).toEqual({ sid: 'HXSTATE2', state: 'active_channel' })
    expect((await postForm(app, 'HXSTATE2')).json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
  })

  it('gives an account that already submitted its chance back when it is set to not submitted', async () => {
    const app = await buildTestApp()
    expect((await postForm(app, 'HXSTATE3')).statusCode).toBe(200)
    await changeState(app, { state: NOT_SUBMITTED, params: { sid: 'HXSTATE3' }, action: 'setup' })
    expect((await postForm(app, 'HXSTATE3')).statusCode).toBe(200)
  })

  it('reads values written into the state when a verifier sends no params', async () => {
    const app = await buildTestApp()
    const response = await changeState(app, { state: 'account HXWRITTEN has already submitted an activation request' })
    expect(response.json()).toEqual({ sid: 'HXWRITTEN' })
    expect((await app.state.accounts.get('HXWRITTEN')).state).toBe('submitted')
  })

  it('takes the state change in the query string, as verifiers told not to send a body do', async () => {
    const app = await buildTestApp()
    const query = new URLSearchParams({ state: ALREADY_SUBMITTED, action: 'setup', sid: 'HXQUERY' })
    const response = await app.inject({ method: 'POST', url: `/__admin/provider-states?${query}` })
    expect(response.statusCode).toBe(200)
    expect((await app.state.accounts.get('HXQUERY')).state).toBe('submitted')
  })

  it('forgets the account on teardown', async () => {
    const app = await buildTestApp()
    await changeState(app, { state: ALREADY_SUBMITTED, params: { sid: 'HXTEAR' }, action: 'setup' })
    await changeState(app, { state: ALREADY_SUBMITTED, params: { sid: 'HXTEAR' }, action: 'teardown' })
    expect(await app.state.accounts.get('HXTEAR')).toEqual({ sid: 'HXTEAR', state: 'fresh' })
  })

  it('makes only the registered api-key valid for the account, until teardown', async () => {
    const app = await buildTestApp()
    const state = { state: API_KEY_VALID, params: { apiKey: API_KEY, sid: 'HXKEYS' } }
    expect((await changeState(app, { ...state, action: 'setup' })).json()).toEqual({ apiKey: API_KEY, sid: 'HXKEYS' })
    const otherKey = { 'api-key': 'someone-elses-key' }
    const refused = await postActivation(app, { sid: 'HXKEYS', headers: otherKey, payload: {} })
    expect(refused.statusCode).toBe(401)
    expect(refused.json()).toEqual(readJsonFixture('responses/inferred/api-key-invalid.json'))
    expect((await postForm(app, 'HXKEYS')).statusCode).toBe(200)
    expect((await postActivation(app, { sid: 'HXOTHER', headers: otherKey, payload: {} })).statusCode).toBe(400)
    await changeState(app, { ...state, action: 'teardown' })
    expect((await postActivation(app, { sid: 'HXKEYS', headers: otherKey, payload: {} })).statusCode).toBe(400)
  })

  it('answers an unknown state with a 400 that lists the known ones', async () => {
    const app = await buildTestApp()
    const response = await changeState(app, { state: 'a user exists', params: {} })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/provider-state-unknown.json'))
  })

  it.each([
    [{ params: { sid: 'HX' } }, 'A state change needs a "state" string.'],
    [{ state: ALREADY_SUBMITTED, params: { sid: 'HX' }, action: 'destroy' }, 'The "action" of a state change must be "setup" or "teardown".'],
    [{ state: ALREADY_SUBMITTED, params: ['HX'] }, 'The "params" of a state change must be an object.'],
    [{ state: ALREADY_SUBMITTED }, `The provider state "${ALREADY_SUBMITTED}" needs a value for sid (in params or in the state).`],
  ])('refuses a malformed state change %j with a clear 400', async (payload, message) => {
    const app = await buildTestApp()
    const response = await changeState(app, payload)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message, data: [] } })
  })
})

describe('the provider-state vocabulary', () => {
  // The contracts copy it rather than import it (they read fixtures, never the server's code), so
  // this is what keeps the copy, the mock's templates and the words this suite sends the same.
  it('is the same in the contracts, in the mock and in the requests above, word for word', () => {
    const words = { notSubmitted: NOT_SUBMITTED, alreadySubmitted: ALREADY_SUBMITTED, activeChannel: ACTIVE_CHANNEL, apiKeyValid: API_KEY_VALID }
    expect(STATES).toEqual(words)
    expect(PROVIDER_STATES).toEqual(words)
  })
})

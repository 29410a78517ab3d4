import { beforeEach, expect, it } from 'vitest'
import type { MockNamespace } from '../../server/mock-client.js'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

let ns: MockNamespace
beforeEach(async () => {
  ns = mock.namespace()
  // The provider state a Pact verifier would set: from now on only this key opens HX1, here.
  const response = await fetch(`${ns.url}/__admin/provider-states`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'api-key secret is valid for account HX1' }),
  })
  expect(response.status).toBe(200)
})

it('refuses another key for the account', async () => {
  expect((await submitActivation(ns.url, 'HX1', { apiKey: 'wrong' })).status).toBe(401)
})

it('accepts the registered key', async () => {
  expect((await submitActivation(ns.url, 'HX1', { apiKey: 'secret' })).code).toBe('I102')
})

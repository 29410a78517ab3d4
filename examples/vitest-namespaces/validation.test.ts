import { beforeEach, expect, it } from 'vitest'
import type { MockNamespace } from '../../server/mock-client.js'
import { submitActivation, VALID } from './client-under-test.js'
import { mock } from './mock.js'

let ns: MockNamespace
beforeEach(async () => {
  ns = mock.namespace()
  await ns.admin.seedAccount('HX2', 'fresh')
})

it('names the first missing field', async () => {
  const { display_name: _, ...rest } = VALID
  const answer = await submitActivation(ns.url, 'HX1', { fields: rest })
  expect([answer.status, answer.code, answer.body.error.parameter]).toEqual([400, 'E413', 'display_name'])
})

it('journals the rule that refused the request', async () => {
  await submitActivation(ns.url, 'HX1', { fields: { ...VALID, wa_number: '12345' } })
  const { entries } = await ns.admin.requests({ sid: 'HX1' })
  expect(entries.map((entry) => [entry.code, entry.parameter])).toEqual([['E413', 'wa_number']])
})

it('leaves the account fresh after a refusal', async () => {
  await submitActivation(ns.url, 'HX1', { fields: { ...VALID, business_id: 'x' } })
  expect((await submitActivation(ns.url, 'HX1')).code).toBe('I102')
})

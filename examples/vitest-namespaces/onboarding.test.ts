import { beforeEach, expect, it } from 'vitest'
import type { MockNamespace } from '../../server/mock-client.js'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

let ns: MockNamespace
beforeEach(async () => {
  ns = mock.namespace()   // fresh and empty: no other test or file can touch it
  await ns.admin.seedAccount('HXTAKEN', 'submitted')
})

it('creates the activation once, then is told it was already submitted', async () => {
  expect((await submitActivation(ns.url, 'HX1')).code).toBe('I102')
  expect((await submitActivation(ns.url, 'HX1')).code).toBe('E937')
  expect((await ns.admin.requests()).total).toBe(2)
})

it('is refused for an account seeded as submitted', async () => {
  expect((await submitActivation(ns.url, 'HXTAKEN')).code).toBe('E937')
  expect((await ns.admin.account('HX1')).state).toBe('fresh')
})

it('gets the first ids of a fresh mock', async () => {
  expect((await submitActivation(ns.url, 'HX1')).body.data[0].business_details.id).toBe(1)
})

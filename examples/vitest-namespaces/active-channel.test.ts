import { beforeEach, expect, it } from 'vitest'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

// One namespace for this file, reset before each test: the reset reaches nothing outside it.
const ns = mock.namespace('example-active-channel')
beforeEach(async () => {
  await ns.admin.reset()
  await ns.admin.seedAccount('HX1', 'active_channel')
})

it('is refused for an account whose channel is already active', async () => {
  const answer = await submitActivation(ns.url, 'HX1')
  expect([answer.status, answer.code]).toEqual([400, 'E937'])
})

it('sees the account as the seed left it', async () => {
  expect(await ns.admin.account('HX1')).toEqual({ sid: 'HX1', state: 'active_channel', activation: null })
})

it('can reset the account and create it after all', async () => {
  await ns.admin.resetAccount('HX1')
  expect((await submitActivation(ns.url, 'HX1')).code).toBe('I102')
})

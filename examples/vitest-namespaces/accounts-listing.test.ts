import { beforeEach, expect, it } from 'vitest'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

const ns = mock.namespace('example-accounts-listing')
beforeEach(async () => {
  await ns.admin.reset()
  await ns.admin.seedAccount('HX1', 'submitted')
  await ns.admin.seedAccount('HX2', 'active_channel')
})

async function listed (): Promise<string[]> {
  const response = await fetch(`${ns.url}/__admin/accounts`)
  return ((await response.json()) as { accounts: Array<{ sid: string }> }).accounts.map((account) => account.sid)
}

it('lists exactly the accounts this test seeded', async () => {
  expect(await listed()).toEqual(['HX1', 'HX2'])
})

it('adds the account a request creates', async () => {
  await submitActivation(ns.url, 'HX3')
  expect(await listed()).toEqual(['HX1', 'HX2', 'HX3'])
})

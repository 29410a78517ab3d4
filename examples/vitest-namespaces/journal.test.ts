import { beforeEach, expect, it } from 'vitest'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

const ns = mock.namespace('example-journal')
beforeEach(async () => {
  await ns.admin.reset()
  await ns.admin.seedAccount('HX9', 'submitted')
})

it('journals every request this test sent, and only those', async () => {
  for (const sid of ['HX1', 'HX2', 'HX1', 'HX9']) await submitActivation(ns.url, sid)
  const page = await ns.admin.requests()
  expect(page.total).toBe(4)
  expect(page.entries.map((entry) => [entry.sid, entry.code])).toEqual([['HX9', 'E937'], ['HX1', 'E937'], ['HX2', 'I102'], ['HX1', 'I102']])
})

it('starts each test with an empty journal', async () => {
  expect((await ns.admin.requests()).entries).toEqual([])
})

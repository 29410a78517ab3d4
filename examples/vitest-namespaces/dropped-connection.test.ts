import { beforeEach, expect, it } from 'vitest'
import { submitActivation } from './client-under-test.js'
import { mock } from './mock.js'

const ns = mock.namespace('example-dropped-connection')
beforeEach(async () => {
  await ns.admin.reset()
  await ns.admin.addFault({ kind: 'drop', times: 1 })
})

it('sees the first request cut off and the second answered', async () => {
  await expect(submitActivation(ns.url, 'HX1')).rejects.toThrow()
  expect((await submitActivation(ns.url, 'HX1')).code).toBe('I102')
  const { entries } = await ns.admin.requests()
  expect(entries.map((entry) => [entry.status, entry.rule])).toEqual([[200, null], [0, 'fault_drop']])
})

import { beforeEach, expect, it } from 'vitest'
import type { MockNamespace } from '../../server/mock-client.js'
import { submitWithRetries } from './client-under-test.js'
import { mock } from './mock.js'

let ns: MockNamespace
beforeEach(async () => {
  ns = mock.namespace()
  // Without a SID the fault hits every request: in this namespace only.
  await ns.admin.addFault({ kind: 'status', status: 503, times: 2 })
})

it('retries through two 503s and then creates the activation', async () => {
  const answers = await submitWithRetries(ns.url, 'HX1', 5)
  expect(answers.map((answer) => answer.status)).toEqual([503, 503, 200])
  expect(await ns.admin.faults()).toEqual([])
})

it('gives up after its last attempt while the outage lasts', async () => {
  await ns.admin.addFault({ kind: 'status', status: 500, times: 10 })
  const answers = await submitWithRetries(ns.url, 'HX1', 3)
  expect(answers.map((answer) => answer.status)).toEqual([503, 503, 500])
  expect((await ns.admin.account('HX1')).state).toBe('fresh')
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, type MockServer } from '../../server/index.js'
import { EXAMPLE_SUMMARY, runVitestExample } from '../support/vitest-example.js'

describe('the README\'s CI pattern: eight test files at once against one running mock, a namespace each', () => {
  let mock: MockServer
  beforeAll(async () => { mock = await startMockServer({ seed: 'example' }) })
  afterAll(async () => { await mock.close() })

  it('passes with 8 workers, every test in a namespace of its own, the default namespace untouched', async () => {
    const run = await runVitestExample(mock.url)
    expect({ code: run.code, summary: EXAMPLE_SUMMARY.test(run.output) }, run.output).toEqual({ code: 0, summary: true })
    const { namespaces } = await (await fetch(`${mock.url}/__admin/namespaces`)).json() as { namespaces: string[] }
    // 4 files share a namespace each across their tests; the 4 others take a fresh one per test (10 tests).
    expect(namespaces.filter((name) => name.startsWith('example-'))).toHaveLength(4)
    expect(namespaces.filter((name) => name.startsWith('t-'))).toHaveLength(10)
    expect((await mock.admin.requests()).total).toBe(0)
  }, 120_000)
})

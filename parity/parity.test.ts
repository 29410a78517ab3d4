import { writeFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../server/app.js'
import { generatedCases, PARITY_SEED } from './generated-cases.js'
import { handPickedCases } from './hand-picked-cases.js'
import { startLaravelReference, type LaravelReference } from './laravel-reference.js'
import { PARITY_MARKDOWN, PARITY_RESULTS_JSON, referenceVersions, renderParity, summarise } from './report.js'
import { runParity, type CaseResult } from './run-parity.js'
import type { ParityCase } from './cases.js'

declare module 'vitest' {
  export interface ProvidedContext {
    parityRuns: number
    parityReport: boolean
    paritySeed: number | undefined
  }
}

let reference: LaravelReference
let app: FastifyInstance
let mockPort: number
const results: CaseResult[] = []
let seconds = 0

beforeAll(async () => {
  reference = await startLaravelReference()
  app = await buildApp()
  await app.listen({ port: 0, host: '127.0.0.1' })
  mockPort = (app.server.address() as { port: number }).port
})

afterAll(async () => {
  await app?.close()
  await reference?.stop()
})

function describeUnlisted (found: CaseResult[]): string[] {
  return found.filter((result) => !result.agrees && result.listedAs === undefined).map((result) =>
    `${result.case.name}\n  mock:      ${JSON.stringify(result.mock)}\n  reference: ${JSON.stringify(result.reference)}`)
}

async function compare (cases: Parameters<typeof runParity>[0]): Promise<CaseResult[]> {
  const started = performance.now()
  const found = await runParity(cases, mockPort, reference.port)
  seconds += (performance.now() - started) / 1000
  results.push(...found)
  return found
}

describe('the mock answers as Laravel 8 on PHP 8.2 behind nginx', () => {
  const handPicked = handPickedCases()
  const generated = generatedCases(inject('parityRuns'), inject('paritySeed'))
  if (inject('parityReport')) afterAll(() => writeReport(handPicked, generated), 300_000)

  it('agrees on every hand-picked case (documented examples, README rows, hostile shapes), or the difference is listed', async () => {
    expect(describeUnlisted(await compare(handPicked))).toEqual([])
  })

  it(`agrees on ${generated.length} seeded generated requests, or the difference is listed`, async () => {
    expect(describeUnlisted(await compare(generated))).toEqual([])
  }, 120_000)
})

/**
 * `npm run parity` only: PHP's built-in server measured against nginx + php-fpm on the same cases,
 * then parity/results.json and docs/parity.md written from this run.
 */
async function writeReport (handPicked: ParityCase[], generated: ParityCase[]): Promise<void> {
  const builtin = await startLaravelReference({ serving: 'php-builtin' })
  reference.reset()
  let served: CaseResult[]
  try {
    served = await runParity([...handPicked, ...generated], reference.port, builtin.port, 4)
  } finally {
    await builtin.stop()
  }
  // Grouped by what each answered: one line per kind of difference, with a count and an example case.
  const groups = new Map<string, { count: number, example: string }>()
  for (const result of served.filter((r) => !r.agrees)) {
    const key = `nginx + php-fpm ${JSON.stringify(result.mock)}, php -S ${JSON.stringify(result.reference)}`
    const group = groups.get(key) ?? { count: 0, example: result.case.name }
    group.count++
    groups.set(key, group)
  }
  const differing = [...groups].map(([key, { count, example }]) => `${count} × (e.g. ${example}): ${key}`)
  const differingCases = [...groups.values()].reduce((sum, group) => sum + group.count, 0)
  const summary = summarise(results, {
    versions: referenceVersions(),
    seed: PARITY_SEED,
    generated: generated.length,
    handPicked: handPicked.length,
    seconds,
    builtin: { cases: served.length, agree: served.length - differingCases, differing },
  })
  writeFileSync(PARITY_RESULTS_JSON, JSON.stringify(summary, null, 2) + '\n')
  writeFileSync(PARITY_MARKDOWN, renderParity(summary))
}

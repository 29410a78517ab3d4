import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { KNOWN_DIFFERENCES, OPEN_DEFECTS } from './run-parity.js'
import { PARITY_MARKDOWN, readCommittedResults, renderParity } from './report.js'

describe('docs/parity.md', () => {
  it('is what parity/report.ts renders from the committed parity/results.json (run `npm run parity` after changing either)', () => {
    expect(readFileSync(PARITY_MARKDOWN, 'utf8')).toBe(renderParity(readCommittedResults()))
  })

  it('comes from a run with no unlisted mismatch, at least 2,000 generated requests, and every listed entry counted', () => {
    const results = readCommittedResults()
    expect(results.unlisted).toBe(0)
    expect(results.generated).toBeGreaterThanOrEqual(2000)
    for (const { id } of [...KNOWN_DIFFERENCES, ...OPEN_DEFECTS]) expect(Object.keys(results.listed), id).toContain(id)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { KNOWN_DIFFERENCES } from './run-parity.js'
import { PARITY_MARKDOWN, readCommittedResults, renderParity } from './report.js'

describe('docs/parity.md', () => {
  it('is what parity/report.ts renders from the committed parity/results.json (run `npm run parity` after changing either)', () => {
    expect(readFileSync(PARITY_MARKDOWN, 'utf8')).toBe(renderParity(readCommittedResults()))
  })

  it('comes from a run with no unlisted mismatch, at least 2,000 generated requests, and every listed entry counted', () => {
    const results = readCommittedResults()
    expect(results.unlisted).toBe(0)
    expect(results.generated).toBeGreaterThanOrEqual(2000)
    for (const { id } of KNOWN_DIFFERENCES) expect(Object.keys(results.listed), id).toContain(id)
  })
})

/** The README response table's rows: message column → source column. */
function readmeTable (): Map<string, string> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const rows = new Map<string, string>()
  for (const line of readme.split('\n')) {
    const cells = line.split(' | ')
    if (!line.startsWith('| ') || cells.length !== 5) continue
    rows.set(cells[2] as string, (cells[4] as string).replace(/ \|$/, ''))
  }
  return rows
}

describe('the README\'s response table', () => {
  it('says "checked against Laravel" exactly on the rows whose parity cases all agree in the committed run', () => {
    const table = readmeTable()
    const { readmeRows } = readCommittedResults()
    for (const row of Object.keys(readmeRows)) expect([...table.keys()], `a parity case names a README row that is not there: ${row}`).toContain(row)
    const checked = [...table].filter(([, source]) => source.includes('checked against Laravel')).map(([row]) => row).sort()
    const agreeing = Object.entries(readmeRows).filter(([, t]) => t.agree === t.cases).map(([row]) => row).sort()
    expect(checked).toEqual(agreeing)
  })
})

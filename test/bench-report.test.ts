import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderBenchmarks, RESULTS_JSON, RESULTS_MARKDOWN, type Results } from '../bench/report.js'

function load (requestsPerSecond: number) {
  return { requestsPerSecond, latencyP50Ms: 1, latencyP99Ms: 9, requests: requestsPerSecond * 5, errors: 0, unexpected: 0, cpuMicrosPerRequest: 150 }
}

function paced (offeredPerSecond: number) {
  return { ...load(offeredPerSecond), offeredPerSecond, latencyMaxMs: 12, driverCpuMicrosPerRequest: 60, maxReleaseLagMs: 4.5 }
}

const RUN: Results = {
  date: '2030-02-03',
  machine: { cpus: 7, node: 'v99.1.2' },
  secondsPerRun: 4,
  startToHealthyMs: 321,
  bareNodeStartMs: 123,
  rssAtStartMiB: 55.5,
  rssAfterLoadMiB: 77.7,
  rows: [
    { scenario: 'path-a', connections: 10, mock: load(1111), floor: load(2222), ratio: 0.5, rssAfterMiB: 60 },
    { scenario: 'path-a', connections: 100, mock: load(3333), floor: load(6666), ratio: 0.5, atHalfFloor: { mock: paced(3333), floor: paced(3333) }, atHalfMock: { mock: paced(1666), floor: paced(1666) }, rssAfterMiB: 70 },
  ],
}

describe('the benchmark report', () => {
  it('dates the run and names only the CPU count and the Node version of the host', () => {
    expect(renderBenchmarks(RUN)).toContain('Latest run: 2030-02-03, 7 CPUs, Node v99.1.2, 4 s per measured run')
  })

  it('has one saturated row per measured run and one paced row per paced run, from the results', () => {
    const lines = renderBenchmarks(RUN).split('\n')
    expect(lines.filter((line) => line.startsWith('| path-a |'))).toEqual([
      '| path-a | 10 | 1111 | 2222 | 0.50 | 1 | 9 | 0 | 0 | 150 | 150 |',
      '| path-a | 100 | 3333 | 6666 | 0.50 | 1 | 9 | 0 | 0 | 150 | 150 |',
      '| path-a | 3333 | 3333 | 1 | 9 | 12 | 9 | 0 | 0 |',
      '| path-a | 1666 | 1666 | 1 | 9 | 12 | 9 | 0 | 0 |',
    ])
    expect(lines).toContain('Start to first healthy answer: 321 ms (a bare `node -e \'\'`: 123 ms). RSS at start 55.5 MiB, after the whole bench 77.7 MiB (every fresh-SID request creates an account, which the mock keeps by design).')
  })

  it('is committed as exactly what the code renders from the committed bench/results.json', () => {
    const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results
    expect(readFileSync(RESULTS_MARKDOWN, 'utf8')).toBe(renderBenchmarks(results))
    expect(Object.keys(results.machine).sort()).toEqual(['cpus', 'node'])
    expect(results.date).toMatch(/^\d{4}-\d\d-\d\d$/)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { baseOfDockerfile } from '../../bench/dockerfile-base.js'
import { IMAGE_RESULTS_JSON, readCommittedResults, renderBenchmarks, RESULTS_MARKDOWN, type ImageResults, type Results } from '../../bench/report.js'

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
  peer: [
    { scenario: 'path-j', code: 'E413', connections: 50, rounds: [{ mock: { ...load(1000), cpuMicrosPerRequest: 61 }, fastify: { ...load(1500), cpuMicrosPerRequest: 44 } }, { mock: { ...load(1000), cpuMicrosPerRequest: 59 }, fastify: { ...load(1500), cpuMicrosPerRequest: 46 } }], mockMicros: 60, fastifyMicros: 45, ratio: 1.33 },
  ],
  rows: [
    { scenario: 'path-a', connections: 10, mock: load(1111), floor: load(2222), ratio: 0.5, rssAfterMiB: 60 },
    { scenario: 'path-a', connections: 100, mock: load(3333), floor: load(6666), ratio: 0.5, atHalfFloor: { mock: paced(3333), floor: paced(3333) }, atHalfMock: { mock: paced(1666), floor: paced(1666) }, rssAfterMiB: 70 },
  ],
}

const IMAGE: ImageResults = {
  date: '2030-02-04',
  machine: { cpus: 7, node: 'v98.0.1' },
  starts: 11,
  startedMs: 234,
  fastestStartedMs: 199,
  runMs: 567,
  cpuMs: 188,
  base: { image: 'docker.io/library/base:1', sizeBytes: 100_000_000, standIn: false },
  sizeBytes: 131_440_000,
  addedBytes: 31_440_000,
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

  it('has one row per path beside bare Fastify, with the CPU per request over the rounds, the ratio and each round\'s figures', () => {
    const lines = renderBenchmarks(RUN).split('\n')
    expect(lines).toContain('## Beside bare Fastify (bench/peer.ts)')
    expect(lines).toContain('| path-j | E413 | 50 | 2 | 60 | 45 | 1.33 | 61, 59 | 44, 46 |')
    expect(lines).toContain('Every answer in these rounds had the status its path expects; no socket errors.')
    const withUnexpected = { ...RUN, peer: RUN.peer!.map((row) => ({ ...row, rounds: [{ ...row.rounds[0], mock: { ...row.rounds[0].mock, unexpected: 3 } }] })) }
    expect(renderBenchmarks(withUnexpected)).toContain('3 answers had another status than expected or failed: the figures above are suspect.')
    expect(renderBenchmarks({ ...RUN, peer: undefined })).not.toContain('Beside bare Fastify')
  })

  it('has an image section with the start medians, the image\'s size and what it adds to its base, from the image results', () => {
    const lines = renderBenchmarks(RUN, IMAGE).split('\n')
    expect(lines).toContain('Latest run: 2030-02-04, 7 CPUs, Node v98.0.1 in the image, medians of 11 new containers started with podman.')
    expect(lines).toContain('| 234 | 199 | 567 | 188 |')
    expect(lines).toContain('Size, uncompressed as `podman image inspect` reports it (1 MB = 10^6 bytes): 131.4 MB, of which 31.4 MB are the Dockerfile\'s own layers on top of 100.0 MB of base image, `docker.io/library/base:1`.')
  })

  it('says when the base image was the stand-in the repository builds rather than the official one', () => {
    const rendered = renderBenchmarks(RUN, { ...IMAGE, base: { ...IMAGE.base, standIn: true } })
    expect(rendered).toContain('of base image, a stand-in for `docker.io/library/base:1` built by scripts/container/build-node-base.sh')
    expect(renderBenchmarks(RUN, IMAGE)).not.toContain('stand-in')
  })

  it('keeps the other sections and leaves the image section out until the image has been measured', () => {
    const without = renderBenchmarks(RUN)
    expect(without).not.toContain('## Image')
    expect(renderBenchmarks(RUN, IMAGE).startsWith(without)).toBe(true)
  })

  it('is committed as exactly what the code renders from the committed bench/results.json, bench/image-results.json and bench/admin-limits-results.json', () => {
    const { results, image, adminLimits } = readCommittedResults()
    expect(readFileSync(RESULTS_MARKDOWN, 'utf8')).toBe(renderBenchmarks(results, image, adminLimits))
    expect(Object.keys(results.machine).sort()).toEqual(['cpus', 'node'])
    expect(results.date).toMatch(/^\d{4}-\d\d-\d\d$/)
  })

  it('renders the admin limits run, each figure from its results, and leaves the section out without one', () => {
    const { adminLimits } = readCommittedResults()
    expect(adminLimits).toBeDefined()
    const rendered = renderBenchmarks(RUN, undefined, adminLimits)
    expect(rendered).toContain(`| \`PUT /__admin/snapshot\`, ${adminLimits!.snapshot.bodyMiB} MiB (${adminLimits!.snapshot.accounts.toLocaleString('en')} accounts with activations) | 200 | ${adminLimits!.snapshot.putMs} ms | peak RSS ${adminLimits!.snapshot.peakRssMiB} MiB |`)
    expect(rendered.match(/^\| journal of /gm)).toHaveLength(adminLimits!.journal.length)
    expect(Object.keys(adminLimits!.machine).sort()).toEqual(['cpus', 'node'])
    expect(renderBenchmarks(RUN)).not.toContain('Admin inputs at their limits')
  })

  it('has committed image results that name only the CPU count and the image\'s Node version, and whose sizes add up', () => {
    const image = JSON.parse(readFileSync(IMAGE_RESULTS_JSON, 'utf8')) as ImageResults
    expect(Object.keys(image.machine).sort()).toEqual(['cpus', 'node'])
    expect(image.date).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(image.addedBytes).toBe(image.sizeBytes - image.base.sizeBytes)
  })

  it('measures the image against the base its last stage is built on, following stage names', () => {
    const dockerfile = [
      'FROM --platform=$BUILDPLATFORM node:22 AS build',
      'RUN true',
      'from debian:12-slim as Files',
      'COPY --from=build /a /a',
      'FROM files AS runtime',
    ].join('\n')
    expect(baseOfDockerfile(dockerfile)).toBe('debian:12-slim')
    expect(baseOfDockerfile('FROM alpine:3\nFROM busybox:1\n')).toBe('busybox:1')
    expect(() => baseOfDockerfile('RUN true\n')).toThrow('no FROM line')
  })
})

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadResult } from './load.js'
import type { PacedResult } from './paced.js'
import type { PeerRow } from './peer.js'

/** The mock and the floor paced at the same offered rate. */
export interface PacedPair {
  mock: PacedResult
  floor: PacedResult
}

export interface Row {
  scenario: string
  connections: number
  mock: LoadResult
  floor: LoadResult
  /** Mock requests/s over floor requests/s in the same run. */
  ratio: number
  /** Both paced at half the floor's requests/s above (100-connection rows). */
  atHalfFloor?: PacedPair
  /** Both at half the mock's own saturated requests/s (100-connection rows). */
  atHalfMock?: PacedPair
  rssAfterMiB: number
}

export interface Results {
  /** The day of the run, YYYY-MM-DD. */
  date: string
  /** What a reader needs to compare runs, and nothing else about the host. */
  machine: { cpus: number, node: string }
  secondsPerRun: number
  startToHealthyMs: number
  bareNodeStartMs: number
  rssAtStartMiB: number
  rssAfterLoadMiB?: number
  /** The mock beside bare Fastify, CPU per request in alternating rounds (bench/peer.ts). */
  peer?: PeerRow[]
  rows: Row[]
}

/** A run of bench/image-start.ts on the Dockerfile's own image. */
export interface ImageResults {
  /** The day of the run, YYYY-MM-DD. */
  date: string
  /** The host's CPU count and the Node version inside the image. */
  machine: { cpus: number, node: string }
  /** How many new containers were started; the times below are medians over them. */
  starts: number
  /** From podman's record of the container's start to the first healthy answer. */
  startedMs: number
  fastestStartedMs: number
  /** From calling `podman run` to the first healthy answer. */
  runMs: number
  /** CPU time of the server process until its first healthy answer. */
  cpuMs: number
  /** The image the Dockerfile's last stage is built on; standIn: built by scripts/container/build-node-base.sh. */
  base: { image: string, sizeBytes: number, standIn: boolean }
  /** Uncompressed, as `podman image inspect` reports it. */
  sizeBytes: number
  /** sizeBytes less the base's: what the Dockerfile's layers add. */
  addedBytes: number
}

/** A run of bench/admin-limits.ts: the admin API at the limits of its inputs. */
export interface AdminLimitsResults {
  date: string
  machine: { cpus: number, node: string }
  snapshot: { bodyMiB: number, accounts: number, putMs: number, getMs: number, getMiB: number, peakRssMiB: number }
  paging: { accounts: number, pageSize: number, pages: number, seedMs: number, medianPageMs: number, maxPageMs: number, totalMs: number, peakRssMiB: number }
  journal: JournalRun[]
}

export interface JournalRun { entries: number, fields: number, chars: number, fillMs: number, heapMiB: number, bytesPerEntry: number, newestPageMs: number, bySidMs: number, absentSidMs: number, sinceMs: number }

const ROOT = join(import.meta.dirname, '..')
export const RESULTS_JSON = join(ROOT, 'bench', 'results.json')
export const IMAGE_RESULTS_JSON = join(ROOT, 'bench', 'image-results.json')
export const ADMIN_LIMITS_JSON = join(ROOT, 'bench', 'admin-limits-results.json')
export const RESULTS_MARKDOWN = join(ROOT, 'docs', 'benchmarks.md')

/** What says the paced driver kept its schedule: the floor keeping up, the driver's lag and CPU. */
function driverChecks (pairs: PacedPair[]): string {
  const floorRates = pairs.map(({ floor }) => `${floor.requestsPerSecond} of ${floor.offeredPerSecond}`).join(', ')
  const worstLagMs = Math.max(...pairs.flatMap(({ mock, floor }) => [mock.maxReleaseLagMs, floor.maxReleaseLagMs]))
  const driverCpu = pairs.map(({ mock }) => mock.driverCpuMicrosPerRequest).join(', ')
  return `The paced driver checks itself: the floor answered ${floorRates} req/s offered; no request left more than ${worstLagMs} ms after its due time; the driver spent ${driverCpu} µs of CPU per request against the mock.`
}

const PACED_HEADER = [
  '| path | offered req/s | mock achieved req/s | mock p50 ms | mock p99 ms | mock max ms | floor p99 ms | errors | unexpected |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
]

function pacedRow (scenario: string, { mock, floor }: PacedPair): string {
  return `| ${scenario} | ${mock.offeredPerSecond} | ${mock.requestsPerSecond} | ${mock.latencyP50Ms} | ${mock.latencyP99Ms} | ${mock.latencyMaxMs} | ${floor.latencyP99Ms} | ${mock.errors} | ${mock.unexpected} |`
}

function pacedSection (title: string, rows: Array<{ scenario: string, pair: PacedPair }>): string[] {
  if (rows.length === 0) return []
  return [title, '', ...PACED_HEADER, ...rows.map(({ scenario, pair }) => pacedRow(scenario, pair)), '']
}

/** Megabytes as podman and Docker print image sizes (10^6 bytes), one decimal. */
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1)

function imageSection (image: ImageResults | undefined): string[] {
  if (image === undefined) return []
  const base = image.base.standIn
    ? `a stand-in for \`${image.base.image}\` built by scripts/container/build-node-base.sh (Debian bookworm minbase with Node's official binary; the official image's own size differs)`
    : `\`${image.base.image}\``
  return [
    '## Image (bench/image-start.ts)',
    '',
    `Latest run: ${image.date}, ${image.machine.cpus} CPUs, Node ${image.machine.node} in the image, medians of ${image.starts} new containers started with podman.`,
    'A start runs from the moment podman records the container as started to its first answer of 200 to',
    'GET /__admin/health (polled every 2 ms); `podman run` to healthy includes podman\'s own work.',
    '',
    '| start to healthy ms | fastest start ms | `podman run` to healthy ms | server CPU ms |',
    '|---:|---:|---:|---:|',
    `| ${image.startedMs} | ${image.fastestStartedMs} | ${image.runMs} | ${image.cpuMs} |`,
    '',
    `Size, uncompressed as \`podman image inspect\` reports it (1 MB = 10^6 bytes): ${megabytes(image.sizeBytes)} MB, of which ${megabytes(image.addedBytes)} MB are the Dockerfile's own layers on top of ${megabytes(image.base.sizeBytes)} MB of base image, ${base}.`,
    '',
  ]
}

function adminLimitsSection (limits: AdminLimitsResults | undefined): string[] {
  if (limits === undefined) return []
  const { snapshot, paging, journal } = limits
  return [
    '## Admin inputs at their limits (bench/admin-limits.ts)',
    '',
    `Latest run: ${limits.date}, ${limits.machine.cpus} CPUs, Node ${limits.machine.node}. The snapshot and the accounts against the built mock as a`,
    'process of its own (peak resident memory from /proc, over the process\'s life so far); the journal in the bench\'s own process,',
    'filled by its record() (no stream of requests fills a million entries in a bench\'s time) and read through app.inject.',
    '',
    '| input | answer | time | memory |',
    '|---|---|---:|---:|',
    `| \`PUT /__admin/snapshot\`, ${snapshot.bodyMiB} MiB (${snapshot.accounts.toLocaleString('en')} accounts with activations) | 200 | ${snapshot.putMs} ms | peak RSS ${snapshot.peakRssMiB} MiB |`,
    `| \`GET /__admin/snapshot\` of it (${snapshot.getMiB} MiB) | 200 | ${snapshot.getMs} ms | (same process) |`,
    `| ${paging.accounts.toLocaleString('en')} accounts, \`GET /__admin/accounts?limit=${paging.pageSize}\`, all ${paging.pages} pages | 200 each | median ${paging.medianPageMs} ms, max ${paging.maxPageMs} ms a page; ${paging.totalMs} ms in all | peak RSS ${paging.peakRssMiB} MiB |`,
    ...journal.flatMap((run) => [
      `| journal of ${run.entries.toLocaleString('en')} entries, each ${run.fields} fields of ${run.chars} characters (filled in ${run.fillMs} ms) | | | heap ${run.heapMiB} MiB, ${run.bytesPerEntry} bytes an entry |`,
      `| \`GET /__admin/requests?limit=100\` on it; \`?sid=…&limit=100\` (one SID in a thousand); \`?sid=…\` matching nothing (every entry read); \`?since=…\` (the newest 50) | 200 | ${run.newestPageMs}; ${run.bySidMs}; ${run.absentSidMs}; ${run.sinceMs} ms | |`,
    ]),
    '',
  ]
}

/** The comparison with bare Fastify: CPU per request over alternating rounds, and each round's. */
export function renderPeerSection (peer: PeerRow[] | undefined): string[] {
  if (peer === undefined || peer.length === 0) return []
  const perRound = (row: PeerRow, side: 'mock' | 'fastify') => row.rounds.map((round) => round[side].cpuMicrosPerRequest ?? '-').join(', ')
  const odd = peer.reduce((sum, row) => sum + row.rounds.reduce((inner, { mock, fastify }) => inner + mock.errors + mock.unexpected + fastify.errors + fastify.unexpected, 0), 0)
  return [
    '## Beside bare Fastify (bench/peer.ts)',
    '',
    'The mock and bare Fastify (bench/fastify-peer.ts: default options, `@fastify/multipart` for uploads, the same route,',
    'a fixed answer) in alternating rounds of autocannon after a 10 s warm-up each, a fresh SID per request; both servers',
    'are pinned to the last CPU and the load driver to the others, so the driver takes no CPU time from them. The figure is CPU time per request',
    '(the server process\'s CPU ÷ requests answered), which holds up on shared cores where requests/s does not. The mock',
    'runs as `npm start` does, its log at info, and does all its work: the rules, the once-only claim, the journal entry, the log line.',
    'The CPU figures are the median round\'s; the ratio is the median of the rounds\' ratios (mock ÷ Fastify in the same round).',
    '',
    '| path | answer | conn | rounds | mock CPU µs/req | Fastify CPU µs/req | ratio | mock per round | Fastify per round |',
    '|---|---|---:|---:|---:|---:|---:|---|---|',
    ...peer.map((row) => `| ${row.scenario} | ${row.code} | ${row.connections} | ${row.rounds.length} | ${row.mockMicros} | ${row.fastifyMicros} | ${row.ratio.toFixed(2)} | ${perRound(row, 'mock')} | ${perRound(row, 'fastify')} |`),
    '',
    odd === 0 ? 'Every answer in these rounds had the status its path expects; no socket errors.' : `${odd} answers had another status than expected or failed: the figures above are suspect.`,
    '',
  ]
}

/** The latest runs as Markdown: every figure comes from `results` and `image`, none is typed in. */
export function renderBenchmarks (results: Results, image?: ImageResults, adminLimits?: AdminLimitsResults): string {
  const { machine, rows } = results
  const atHalfFloor = rows.flatMap(({ scenario, atHalfFloor: pair }) => pair === undefined ? [] : [{ scenario, pair }])
  const atHalfMock = rows.flatMap(({ scenario, atHalfMock: pair }) => pair === undefined ? [] : [{ scenario, pair }])
  const lines = [
    '# Benchmark results',
    '',
    '<!-- Written by `npm run bench`, `npx tsx bench/image-start.ts` and `node --expose-gc --import tsx bench/admin-limits.ts` (bench/report.ts) from bench/*results.json; edit the code, not this file. -->',
    '',
    `Latest run: ${results.date}, ${machine.cpus} CPUs, Node ${machine.node}, ${results.secondsPerRun} s per measured run after a 3 s warm-up.`,
    'The built mock and a bare `node:http` server (the floor, which answers every request with a fixed body) run as',
    'separate processes on loopback, sharing the CPUs with the load driver. "unexpected" counts answers with another',
    'status than the path expects; CPU is the server process\'s own time per request.',
    '',
    ...renderPeerSection(results.peer),
    '## Saturated (autocannon)',
    '',
    '| path | conn | mock req/s | floor req/s | ratio | p50 ms | p99 ms | errors | unexpected | mock CPU µs/req | floor CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row.scenario} | ${row.connections} | ${row.mock.requestsPerSecond} | ${row.floor.requestsPerSecond} | ${row.ratio.toFixed(2)} | ${row.mock.latencyP50Ms} | ${row.mock.latencyP99Ms} | ${row.mock.errors} | ${row.mock.unexpected} | ${row.mock.cpuMicrosPerRequest ?? '-'} | ${row.floor.cpuMicrosPerRequest ?? '-'} |`),
    '',
    '## At an offered load (bench/paced.ts)',
    '',
    'Saturated, 100 connections queue behind each other, so p99 is at least 100 ÷ throughput for any server. The paced',
    'driver keeps 100 keep-alive connections and sends requests due evenly at a fixed rate; latency runs from each',
    'request\'s due time to the end of its answer, so a stall counts against every request behind it.',
    '',
    ...pacedSection('At half the requests/s the floor sustained (more than the mock sustains on some paths, which then measures a growing queue):', atHalfFloor),
    ...pacedSection('At half the requests/s the mock itself sustained (a load it carries):', atHalfMock),
    ...(atHalfFloor.length === 0 ? [] : [driverChecks(atHalfFloor.map(({ pair }) => pair)), '']),
    '## Start and memory',
    '',
    `Start to first healthy answer: ${results.startToHealthyMs} ms (a bare \`node -e ''\`: ${results.bareNodeStartMs} ms). RSS at start ${results.rssAtStartMiB} MiB, after the whole bench ${results.rssAfterLoadMiB ?? '-'} MiB (every fresh-SID request creates an account, which the mock keeps by design).`,
    '',
    ...imageSection(image),
    ...adminLimitsSection(adminLimits),
  ]
  return lines.join('\n')
}

/** The committed results of both benches (the image's only once bench/image-start.ts has run). */
export function readCommittedResults (): { results: Results, image?: ImageResults, adminLimits?: AdminLimitsResults } {
  const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results
  const image = existsSync(IMAGE_RESULTS_JSON) ? JSON.parse(readFileSync(IMAGE_RESULTS_JSON, 'utf8')) as ImageResults : undefined
  const adminLimits = existsSync(ADMIN_LIMITS_JSON) ? JSON.parse(readFileSync(ADMIN_LIMITS_JSON, 'utf8')) as AdminLimitsResults : undefined
  return { results, image, adminLimits }
}

/** Writes both forms of a `npm run bench` run: the raw JSON and the Markdown the README links to, which keeps the image's section. */
export function writeResults (results: Results): void {
  writeFileSync(RESULTS_JSON, JSON.stringify(results, null, 2) + '\n')
  const { image, adminLimits } = readCommittedResults()
  writeFileSync(RESULTS_MARKDOWN, renderBenchmarks(results, image, adminLimits))
}

/** Writes a run of bench/image-start.ts and renders the Markdown again with the other bench's committed results. */
export function writeImageResults (image: ImageResults): void {
  writeFileSync(IMAGE_RESULTS_JSON, JSON.stringify(image, null, 2) + '\n')
  const { results, adminLimits } = readCommittedResults()
  writeFileSync(RESULTS_MARKDOWN, renderBenchmarks(results, image, adminLimits))
}

/** Writes a run of bench/admin-limits.ts and renders the Markdown again with the other benches' committed results. */
export function writeAdminLimitsResults (adminLimits: AdminLimitsResults): void {
  writeFileSync(ADMIN_LIMITS_JSON, JSON.stringify(adminLimits, null, 2) + '\n')
  const { results, image } = readCommittedResults()
  writeFileSync(RESULTS_MARKDOWN, renderBenchmarks(results, image, adminLimits))
}

// `npx tsx bench/report.ts` renders docs/benchmarks.md again from the committed results, without a run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { results, image, adminLimits } = readCommittedResults()
  writeFileSync(RESULTS_MARKDOWN, renderBenchmarks(results, image, adminLimits))
}

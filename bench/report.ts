import type { LoadResult } from './load.js'
import type { PacedResult } from './paced.js'

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
  machine: { cpus: number, cpuModel: string, memoryGiB: number, node: string, platform: string }
  secondsPerRun: number
  startToHealthyMs: number
  bareNodeStartMs: number
  rssAtStartMiB: number
  rssAfterLoadMiB?: number
  rows: Row[]
}

/** What says the paced driver kept its schedule: the floor keeping up, the driver's lag and CPU. */
function driverChecks (pairs: PacedPair[]): string {
  const floorRates = pairs.map(({ floor }) => `${floor.requestsPerSecond} of ${floor.offeredPerSecond}`).join(', ')
  const worstLagMs = Math.max(...pairs.flatMap(({ mock, floor }) => [mock.maxReleaseLagMs, floor.maxReleaseLagMs]))
  const driverCpu = pairs.map(({ mock }) => mock.driverCpuMicrosPerRequest).join(', ')
  return `paced driver: the floor answered ${floorRates} req/s offered; no request left more than ${worstLagMs} ms after its due time; the driver's CPU per request against the mock ${driverCpu} µs`
}

const PACED_HEADER = [
  '| path | offered req/s | mock achieved req/s | mock p50 ms | mock p99 ms | mock max ms | floor p99 ms | errors | unexpected |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
]

function pacedRow (scenario: string, { mock, floor }: PacedPair): string {
  return `| ${scenario} | ${mock.offeredPerSecond} | ${mock.requestsPerSecond} | ${mock.latencyP50Ms} | ${mock.latencyP99Ms} | ${mock.latencyMaxMs} | ${floor.latencyP99Ms} | ${mock.errors} | ${mock.unexpected} |`
}

/** Prints the results as the Markdown table the README carries. */
export function printTable (results: Results): void {
  const { machine } = results
  const paced = results.rows.flatMap(({ scenario, atHalfFloor }) => atHalfFloor === undefined ? [] : [{ scenario, atHalfFloor }])
  const lines = [
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${results.secondsPerRun} s per run`,
    '',
    '| path | conn | mock req/s | floor req/s | ratio | p50 ms | p99 ms | errors | unexpected | mock CPU µs/req | floor CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.rows.map((row) => `| ${row.scenario} | ${row.connections} | ${row.mock.requestsPerSecond} | ${row.floor.requestsPerSecond} | ${row.ratio.toFixed(2)} | ${row.mock.latencyP50Ms} | ${row.mock.latencyP99Ms} | ${row.mock.errors} | ${row.mock.unexpected} | ${row.mock.cpuMicrosPerRequest ?? '-'} | ${row.floor.cpuMicrosPerRequest ?? '-'} |`),
    '',
    'Latency at an offered load (paced: 100 keep-alive connections, requests due evenly at half the requests/s the floor sustained; latency from each due time to the end of its answer):',
    '',
    ...PACED_HEADER,
    ...paced.map(({ scenario, atHalfFloor }) => pacedRow(scenario, atHalfFloor)),
    '',
    ...(paced.length === 0 ? [] : [driverChecks(paced.map(({ atHalfFloor }) => atHalfFloor)), '']),
    'The same at half the requests/s the mock itself sustained (a load it can carry):',
    '',
    ...PACED_HEADER,
    ...results.rows.flatMap(({ scenario, atHalfMock }) => atHalfMock === undefined ? [] : [pacedRow(scenario, atHalfMock)]),
    '',
    `start to first healthy answer: ${results.startToHealthyMs} ms (a bare \`node -e ''\` takes ${results.bareNodeStartMs} ms here); RSS at start ${results.rssAtStartMiB} MiB, after the load ${results.rssAfterLoadMiB} MiB`,
  ]
  console.log(lines.join('\n'))
}

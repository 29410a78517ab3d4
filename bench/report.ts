import type { LoadResult } from './load.js'

export interface Row {
  scenario: string
  connections: number
  mock: LoadResult
  floor: LoadResult
  /** Mock requests/s over floor requests/s in the same run. */
  ratio: number
  /** The mock at an offered load of half the floor's requests/s (100-connection rows). */
  atHalfFloor?: LoadResult
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

/** Prints the results as the Markdown table the README carries. */
export function printTable (results: Results): void {
  const { machine } = results
  const lines = [
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${results.secondsPerRun} s per run`,
    '',
    '| path | conn | mock req/s | floor req/s | ratio | p50 ms | p99 ms | errors | unexpected | mock CPU µs/req | floor CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.rows.map((row) => `| ${row.scenario} | ${row.connections} | ${row.mock.requestsPerSecond} | ${row.floor.requestsPerSecond} | ${row.ratio.toFixed(2)} | ${row.mock.latencyP50Ms} | ${row.mock.latencyP99Ms} | ${row.mock.errors} | ${row.mock.unexpected} | ${row.mock.cpuMicrosPerRequest ?? '-'} | ${row.floor.cpuMicrosPerRequest ?? '-'} |`),
    '',
    'Latency at an offered load (100 connections sending, together, half the requests/s the floor sustained):',
    '',
    '| path | offered req/s | answered req/s | p50 ms | p99 ms | errors | unexpected |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.rows.filter((row) => row.atHalfFloor !== undefined).map((row) => {
      const offered = row.atHalfFloor!
      return `| ${row.scenario} | ${Math.round(row.floor.requestsPerSecond / 2)} | ${offered.requestsPerSecond} | ${offered.latencyP50Ms} | ${offered.latencyP99Ms} | ${offered.errors} | ${offered.unexpected} |`
    }),
    '',
    `start to first healthy answer: ${results.startToHealthyMs} ms (a bare \`node -e ''\` takes ${results.bareNodeStartMs} ms here); RSS at start ${results.rssAtStartMiB} MiB, after the load ${results.rssAfterLoadMiB} MiB`,
  ]
  console.log(lines.join('\n'))
}

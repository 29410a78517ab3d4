import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { relative } from 'node:path'
import { drive, type LoadResult } from './load.js'
import { pace } from './paced.js'
import { comparePeer, type PeerRow } from './peer.js'
import { pinApart, rssMiB, startFastifyPeer, startFloor, startMock, stop, type Served } from './processes.js'
import { renderBenchmarks, renderPeerSection, RESULTS_MARKDOWN, writeResults, type PacedPair, type Results, type Row } from './report.js'
import { activationPath, buildPeerScenarios, buildScenarios, type Scenario } from './scenarios.js'

// `npm run bench`: the built mock beside bare Fastify (bench/fastify-peer.ts) in alternating
// rounds, CPU per request; then the mock and a bare node:http floor, each its own process, driven
// on loopback by autocannon in bounded runs, and at an offered load by the paced driver of paced.ts.
// BENCH_SECONDS sets each run's length (default 5). The run is written to bench/results.json and,
// as a table, to docs/benchmarks.md.
// BENCH_QUICK=1 (`npm run bench:quick`): only the comparison with bare Fastify, 2 s rounds unless
// BENCH_SECONDS says otherwise, printed and not written: the loop for working on the request path.
const quick = process.env.BENCH_QUICK === '1'
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 2 : 5))
const connectionCounts = [10, 100]
/** The comparison with bare Fastify: 50 connections, 5 alternating rounds (BENCH_ROUNDS). */
const PEER_CONNECTIONS = 50
const peerRounds = Number(process.env.BENCH_ROUNDS ?? 5)

async function claim (port: number, sid: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${activationPath(sid)}`, { method: 'POST', body, headers })
  await response.arrayBuffer()
  return response.status
}

/** How long a bare `node -e ''` takes here: the floor under the mock's start time. */
function bareNodeStartMs (): number {
  const started = process.hrtime.bigint()
  spawnSync(process.execPath, ['-e', ''])
  return Math.round(Number(process.hrtime.bigint() - started) / 1e6)
}

/** The floor, then the mock, at one offered rate, each after a 1 s paced warm-up (the floor answers 200 to everything). */
async function paceBoth (floor: Served, mock: Served, scenario: Scenario, connections: number, rate: number): Promise<PacedPair> {
  await pace(floor.port, floor.child.pid!, scenario, connections, 1, rate, 200)
  const floorResult = await pace(floor.port, floor.child.pid!, scenario, connections, seconds, rate, 200)
  await pace(mock.port, mock.child.pid!, scenario, connections, 1, rate)
  const mockResult = await pace(mock.port, mock.child.pid!, scenario, connections, seconds, rate)
  return { mock: mockResult, floor: floorResult }
}

/** The mock beside bare Fastify, on a mock of its own (its log at info, as `npm start` runs it). */
async function besideFastify (): Promise<PeerRow[]> {
  const mock = await startMock({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' })
  const fastify = await startFastifyPeer()
  // Both servers share one CPU, in turn, and the driver has the other(s): on shared cores the
  // driver's own work otherwise lands on the server's CPU and moves a round's figure by half.
  const unpin = pinApart([mock.child.pid!, fastify.child.pid!])
  const peer: PeerRow[] = []
  try {
    for (const { scenario, code } of buildPeerScenarios().filter(({ scenario: s }) => s.name.includes(process.env.BENCH_ONLY ?? ''))) {
      const row = await comparePeer(mock, fastify, scenario, code, PEER_CONNECTIONS, peerRounds, seconds)
      peer.push(row)
      const perRound = (side: 'mock' | 'fastify') => row.rounds.map((round) => round[side].cpuMicrosPerRequest).join('/')
      const odd = row.rounds.reduce((sum, round) => sum + round.mock.unexpected + round.mock.errors + round.fastify.unexpected + round.fastify.errors, 0)
      process.stderr.write(`${scenario.name} (${code}) beside Fastify: mock ${row.mockMicros} µs/req (${perRound('mock')}), Fastify ${row.fastifyMicros} µs/req (${perRound('fastify')}), ratio ${row.ratio}${odd === 0 ? '' : `; ${odd} errors or unexpected answers`}\n`)
    }
  } finally {
    unpin()
    await Promise.all([stop(mock), stop(fastify)])
  }
  return peer
}

async function main (): Promise<void> {
  const peer = await besideFastify()
  if (quick) {
    console.log(renderPeerSection(peer).join('\n'))
    return
  }
  const nodeStartMs = bareNodeStartMs()
  const mock = await startMock({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' })
  const floor = await startFloor()
  const rssAtStart = rssMiB(mock.child.pid!)
  const rows: Row[] = []
  try {
    // BENCH_ONLY=name runs the scenarios whose name contains it.
    for (const scenario of buildScenarios().filter((s) => s.name.includes(process.env.BENCH_ONLY ?? ''))) {
      if (scenario.claimedSid !== undefined) await claim(mock.port, scenario.claimedSid, scenario.body, scenario.headers)
      for (const connections of connectionCounts) {
        // A warm-up each, so both sides run optimised code when measured (1 s was too short on two shared cores).
        await drive(floor.port, floor.child.pid!, scenario, connections, 3)
        await drive(mock.port, mock.child.pid!, scenario, connections, 3)
        const floorResult: LoadResult = await drive(floor.port, floor.child.pid!, scenario, connections, seconds)
        const mockResult: LoadResult = await drive(mock.port, mock.child.pid!, scenario, connections, seconds)
        // Saturated, 100 connections queue behind each other: p99 is at least connections ÷ throughput,
        // a property of the queue more than of the server (the floor's included). So latency is
        // also taken at an offered load, paced (bench/paced.ts): half what the floor sustained, the
        // same share on any machine. The floor at the same rate is the machine's own latency.
        const atHalfFloor = connections >= 100 ? await paceBoth(floor, mock, scenario, connections, Math.round(floorResult.requestsPerSecond / 2)) : undefined
        // Where half the floor is more than the mock sustains, that run measures a growing queue; half
        // the mock's own rate shows its latency under a load it can carry.
        const atHalfMock = connections >= 100 ? await paceBoth(floor, mock, scenario, connections, Math.round(mockResult.requestsPerSecond / 2)) : undefined
        rows.push({
          scenario: scenario.name,
          connections,
          mock: mockResult,
          floor: floorResult,
          ...(atHalfFloor === undefined ? {} : { atHalfFloor }),
          ...(atHalfMock === undefined ? {} : { atHalfMock }),
          ratio: Math.round(mockResult.requestsPerSecond / floorResult.requestsPerSecond * 100) / 100,
          rssAfterMiB: rssMiB(mock.child.pid!),
        })
        const paced = atHalfFloor === undefined
          ? ''
          : `; paced at ${atHalfFloor.mock.offeredPerSecond} req/s: mock ${atHalfFloor.mock.requestsPerSecond} req/s p99 ${atHalfFloor.mock.latencyP99Ms} ms, floor ${atHalfFloor.floor.requestsPerSecond} req/s p99 ${atHalfFloor.floor.latencyP99Ms} ms`
        process.stderr.write(`${scenario.name} @${connections}: ${mockResult.requestsPerSecond} req/s (floor ${floorResult.requestsPerSecond})${paced}\n`)
      }
    }
  } finally {
    await Promise.all([stop(mock), stop(floor)])
  }
  const results: Results = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: availableParallelism(), node: process.version },
    secondsPerRun: seconds,
    startToHealthyMs: Math.round(mock.startMs),
    bareNodeStartMs: nodeStartMs,
    rssAtStartMiB: rssAtStart,
    rssAfterLoadMiB: rows.at(-1)?.rssAfterMiB,
    peer,
    rows,
  }
  writeResults(results)
  console.log(renderBenchmarks(results))
  console.log(`written to bench/results.json and ${relative(process.cwd(), RESULTS_MARKDOWN)}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

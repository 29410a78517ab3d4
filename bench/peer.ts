import { drive, type LoadResult } from './load.js'
import type { Served } from './processes.js'
import type { Scenario } from './scenarios.js'

/** One round: the mock and bare Fastify driven one after the other for the same length. */
export interface PeerRound {
  mock: LoadResult
  fastify: LoadResult
}

/** The mock beside bare Fastify on one path, over alternating rounds. */
export interface PeerRow {
  scenario: string
  /** The answer's code, as the table names the path (E413, I102). */
  code: string
  connections: number
  rounds: PeerRound[]
  /** The median round's CPU per request, microseconds. */
  mockMicros: number
  fastifyMicros: number
  /** The median of the rounds' ratios (mock ÷ Fastify in the same round). */
  ratio: number
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Medians, not totals: on cores shared with other work a round now and then runs at twice the
 * usual cost, on either side, and one such round would move a total; a round's ratio compares
 * two runs made seconds apart, under much the same load.
 */
function summarise (rounds: PeerRound[]): Pick<PeerRow, 'mockMicros' | 'fastifyMicros' | 'ratio'> {
  const micros = (result: LoadResult) => result.cpuMicrosPerRequest ?? Number.NaN
  return {
    mockMicros: Math.round(median(rounds.map((round) => micros(round.mock)))),
    fastifyMicros: Math.round(median(rounds.map((round) => micros(round.fastify)))),
    ratio: Math.round(median(rounds.map((round) => micros(round.mock) / micros(round.fastify))) * 100) / 100,
  }
}

/**
 * The mock and the peer in alternating rounds (the mock first in odd rounds, the peer first in
 * even ones), each after a warm-up, so that whatever else the shared cores do falls on both.
 */
export async function comparePeer (mock: Served, fastify: Served, scenario: Scenario, code: string, connections: number, rounds: number, seconds: number): Promise<PeerRow> {
  // Warm-up long enough for both JITs to settle: the peer's CPU per request still fell by a
  // fifth over its first ten seconds of this load.
  await drive(fastify.port, fastify.child.pid!, scenario, connections, Math.max(10, seconds))
  await drive(mock.port, mock.child.pid!, scenario, connections, Math.max(10, seconds))
  const measured: PeerRound[] = []
  for (let round = 0; round < rounds; round++) {
    const mockFirst = round % 2 === 0
    const first = await drive(mockFirst ? mock.port : fastify.port, (mockFirst ? mock : fastify).child.pid!, scenario, connections, seconds)
    const second = await drive(mockFirst ? fastify.port : mock.port, (mockFirst ? fastify : mock).child.pid!, scenario, connections, seconds)
    measured.push(mockFirst ? { mock: first, fastify: second } : { mock: second, fastify: first })
  }
  return { scenario: scenario.name, code, connections, rounds: measured, ...summarise(measured) }
}

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
  /** CPU per request over all rounds (total CPU ÷ total requests), microseconds. */
  mockMicros: number
  fastifyMicros: number
  /** mockMicros ÷ fastifyMicros. */
  ratio: number
}

/** Total CPU ÷ total requests over the rounds, from each round's CPU per request and count. */
function microsPerRequest (results: LoadResult[]): number {
  const requests = results.reduce((sum, result) => sum + result.requests, 0)
  const micros = results.reduce((sum, result) => sum + (result.cpuMicrosPerRequest ?? Number.NaN) * result.requests, 0)
  return Math.round(micros / requests * 10) / 10
}

/**
 * The mock and the peer in alternating rounds (the mock first in odd rounds, the peer first in
 * even ones), each after a warm-up, so that whatever else the shared cores do falls on both.
 */
export async function comparePeer (mock: Served, fastify: Served, scenario: Scenario, code: string, connections: number, rounds: number, seconds: number): Promise<PeerRow> {
  await drive(fastify.port, fastify.child.pid!, scenario, connections, Math.max(2, seconds))
  await drive(mock.port, mock.child.pid!, scenario, connections, Math.max(2, seconds))
  const measured: PeerRound[] = []
  for (let round = 0; round < rounds; round++) {
    const mockFirst = round % 2 === 0
    const first = await drive(mockFirst ? mock.port : fastify.port, (mockFirst ? mock : fastify).child.pid!, scenario, connections, seconds)
    const second = await drive(mockFirst ? fastify.port : mock.port, (mockFirst ? fastify : mock).child.pid!, scenario, connections, seconds)
    measured.push(mockFirst ? { mock: first, fastify: second } : { mock: second, fastify: first })
  }
  const mockMicros = microsPerRequest(measured.map((round) => round.mock))
  const fastifyMicros = microsPerRequest(measured.map((round) => round.fastify))
  return { scenario: scenario.name, code, connections, rounds: measured, mockMicros, fastifyMicros, ratio: Math.round(mockMicros / fastifyMicros * 100) / 100 }
}

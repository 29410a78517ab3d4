import autocannon from 'autocannon'
import { cpuMs } from './processes.js'
import { activationPath, type Scenario } from './scenarios.js'

export interface LoadResult {
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
  requests: number
  /** Socket errors and timeouts. */
  errors: number
  /** Answers with another status than the scenario expects. */
  unexpected: number
  /** The server's own CPU time per request, microseconds (Linux only). */
  cpuMicrosPerRequest?: number
}

let sidCounter = 0

/** One bounded autocannon run against a port on loopback. */
export async function drive (port: number, pid: number, scenario: Scenario, connections: number, durationSeconds: number): Promise<LoadResult> {
  const cpuBefore = cpuMs(pid)
  const run = process.pid.toString(36) + Date.now().toString(36)
  const fixedPath = activationPath(scenario.claimedSid ?? 'HXAP16XXXXX071US')
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: durationSeconds,
    timeout: 10,
    method: 'POST',
    headers: scenario.headers,
    body: scenario.body,
    requests: [scenario.freshSid
      ? { method: 'POST', path: fixedPath, setupRequest: (request) => ({ ...request, path: activationPath(`HXB${run}N${++sidCounter}`) }) }
      : { method: 'POST', path: fixedPath }],
  })
  const cpuAfter = cpuMs(pid)
  const expected = result.statusCodeStats?.[String(scenario.expectedStatus) as `${number}`]?.count ?? 0
  const answered = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + (stat.count ?? 0), 0)
  return {
    requestsPerSecond: Math.round(result.requests.total / durationSeconds),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    unexpected: answered - expected,
    cpuMicrosPerRequest: cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
      ? undefined
      : Math.round((cpuAfter - cpuBefore) * 1000 / result.requests.total),
  }
}

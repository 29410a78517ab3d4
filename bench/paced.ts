import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { PacedConnection } from './paced-connection.js'
import { cpuMs } from './processes.js'
import { activationPath, type Scenario } from './scenarios.js'

export interface PacedResult {
  /** The rate requests were scheduled at. */
  offeredPerSecond: number
  /** Answers per second, from the first due time to the last answer (the run's length if that was shorter). */
  requestsPerSecond: number
  /** From each request's due time to the end of its answer: a stall counts for every request it holds up. */
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  /** Requests answered (the latencies are theirs). */
  requests: number
  /** Requests not answered: socket errors, closed connections, no answer within the timeout. */
  errors: number
  /** Answers with another status than expected. */
  unexpected: number
  /** The server's own CPU time per request, microseconds (Linux only). */
  cpuMicrosPerRequest?: number
  /** This process's CPU time per request, microseconds: what the driver takes from the shared cores. */
  driverCpuMicrosPerRequest: number
  /** How late after its due time the driver handed a request to its connection, at worst, ms. */
  maxReleaseLagMs: number
}

/** How long unanswered requests get after the last due time before they count as errors. */
const TIMEOUT_MS = 10_000

let sidCounter = 0

/** Nearest-rank percentile of sorted values. */
function percentile (sorted: Float64Array, share: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]
}

function roundMs (ms: number): number {
  return Math.round(ms * 100) / 100
}

/** The request's bytes, built once: request line, headers, body (a fresh SID changes the line only). */
function requestWriter (port: number, scenario: Scenario): (socket: Socket) => void {
  const headers = Object.entries(scenario.headers)
    .filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  const head = `host: 127.0.0.1:${port}\r\n${headers}content-length: ${scenario.body.length}\r\n\r\n`
  if (!scenario.freshSid) {
    const bytes = Buffer.concat([Buffer.from(`POST ${activationPath(scenario.claimedSid ?? 'HXAP16XXXXX071US')} HTTP/1.1\r\n${head}`, 'latin1'), scenario.body])
    return (socket) => { socket.write(bytes) }
  }
  const run = process.pid.toString(36) + Date.now().toString(36)
  return (socket) => {
    // Corked, the line and the body leave in one write.
    socket.cork()
    socket.write(`POST ${activationPath(`HXP${run}N${++sidCounter}`)} HTTP/1.1\r\n${head}`, 'latin1')
    socket.write(scenario.body)
    socket.uncork()
  }
}

/**
 * An open-loop run at a fixed rate: request i is due at start + i ÷ rate and goes to connection
 * i mod `connections` at the first 1 ms tick at or after its due time, whether or not earlier
 * answers have come back. Latency runs from the due time, so a server that stalls is charged for
 * the queue behind the stall, not only for the request it was on (no coordinated omission).
 * autocannon's overallRate is not this: each connection sends its share of a second at once,
 * when the second starts.
 */
export async function pace (port: number, pid: number, scenario: Scenario, connections: number, durationSeconds: number, rate: number, expectedStatus = scenario.expectedStatus): Promise<PacedResult> {
  const total = Math.floor(rate * durationSeconds)
  const intervalMs = 1000 / rate
  const latencies = new Float64Array(total)
  let startMs = 0
  let answered = 0
  let errors = 0
  let unexpected = 0
  let settled = 0
  let lastAnswerMs = 0
  let allSettled!: () => void
  const finished = new Promise<void>((resolve) => { allSettled = resolve })
  if (total === 0) allSettled()
  const settle = (index: number, status?: number): void => {
    if (status === undefined) {
      errors++
    } else {
      lastAnswerMs = performance.now()
      latencies[answered++] = lastAnswerMs - (startMs + index * intervalMs)
      if (status !== expectedStatus) unexpected++
    }
    if (++settled === total) allSettled()
  }

  const write = requestWriter(port, scenario)
  const pool = Array.from({ length: connections }, () => new PacedConnection(port, write, settle))
  try {
    await Promise.all(pool.map((connection) => connection.open()))
    const cpuBefore = cpuMs(pid)
    const driverBefore = process.cpuUsage()
    let maxReleaseLagMs = 0
    let next = 0
    startMs = performance.now()
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const nowMs = performance.now()
        const due = Math.min(total, Math.floor((nowMs - startMs) / intervalMs) + 1)
        if (next < due) maxReleaseLagMs = Math.max(maxReleaseLagMs, nowMs - (startMs + next * intervalMs))
        for (; next < due; next++) pool[next % connections].offer(next)
        if (next < total) setTimeout(tick, 1)
        else resolve()
      }
      tick()
    })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([finished, new Promise<void>((resolve) => { timer = setTimeout(resolve, TIMEOUT_MS) })])
    clearTimeout(timer)
    for (const connection of pool) connection.stop()
    const driverUsage = process.cpuUsage(driverBefore)
    const cpuAfter = cpuMs(pid)

    const sorted = latencies.subarray(0, answered).sort()
    return {
      offeredPerSecond: rate,
      requestsPerSecond: answered === 0 ? 0 : Math.round(answered / (Math.max(lastAnswerMs - startMs, total * intervalMs) / 1000)),
      latencyP50Ms: roundMs(percentile(sorted, 0.5)),
      latencyP99Ms: roundMs(percentile(sorted, 0.99)),
      latencyMaxMs: roundMs(sorted.at(-1) ?? NaN),
      requests: answered,
      errors,
      unexpected,
      cpuMicrosPerRequest: cpuBefore === undefined || cpuAfter === undefined || answered === 0
        ? undefined
        : Math.round((cpuAfter - cpuBefore) * 1000 / answered),
      driverCpuMicrosPerRequest: total === 0 ? 0 : Math.round((driverUsage.user + driverUsage.system) / total),
      maxReleaseLagMs: roundMs(maxReleaseLagMs),
    }
  } finally {
    for (const connection of pool) connection.stop()
  }
}

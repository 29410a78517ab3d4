import { spawn, type ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..')

export interface Served {
  child: ChildProcess
  port: number
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number
}

/** A free loopback port (the mock reads its port from PORT, as users start it). */
export function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

function status (port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    probe.once('error', () => { resolve(0) })
    probe.end()
  })
}

async function waitHealthy (child: ChildProcess, port: number, path: string, started: bigint, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before answering`)
    if (await status(port, path) === 200) return Number(process.hrtime.bigint() - started) / 1e6
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`no healthy answer on port ${port} within ${timeoutMs} ms`)
}

/** What `npm start` runs after building (package.json's start script, `node dist/bundle/cli.cjs serve`), minus npm itself. */
export function startCommand (): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  const [program, ...args] = scripts.start.split(' ')
  if (program !== 'node') throw new Error(`npm start runs "${scripts.start}", not node`)
  return args
}

/**
 * Starts the built mock as users do (`npm start`'s command) and times it to the first healthy
 * answer; `root` is the checkout whose dist/ it runs (another one's, to compare builds).
 */
export async function startMock (env: Record<string, string> = {}, root = ROOT): Promise<Served> {
  const port = await freePort()
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, startCommand(), {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const startMs = await waitHealthy(child, port, '/__admin/health', started, 10_000)
  return { child, port, startMs }
}

/** A server in bench/ (given its port as its argument), started with tsx, healthy when GET / answers 200. */
async function startBenchServer (file: string): Promise<Served> {
  const port = await freePort()
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', file), String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const startMs = await waitHealthy(child, port, '/', started, 10_000)
  return { child, port, startMs }
}

/** The floor: bare node:http (bench/floor-server.ts). */
export const startFloor = (): Promise<Served> => startBenchServer('floor-server.ts')

/** The peer: bare Fastify with @fastify/multipart on the mock's route (bench/fastify-peer.ts). */
export const startFastifyPeer = (): Promise<Served> => startBenchServer('fastify-peer.ts')

/**
 * Pins a process (every thread it has and will start) to the last CPU and this process, the load
 * driver, to the others, so that neither takes CPU time from the other; a no-op on one CPU or
 * without util-linux's taskset. Returns what undoes the driver's pinning.
 */
export function pinApart (pids: number[]): () => void {
  const cpus = availableParallelism()
  if (cpus < 2) return () => {}
  const last = String(cpus - 1)
  try {
    for (const pid of pids) execFileSync('taskset', ['-a', '-p', '-c', last, String(pid)], { stdio: 'ignore' })
    execFileSync('taskset', ['-a', '-p', '-c', `0-${cpus - 2}`, String(process.pid)], { stdio: 'ignore' })
  } catch {
    return () => {}
  }
  return () => { execFileSync('taskset', ['-a', '-p', '-c', `0-${last}`, String(process.pid)], { stdio: 'ignore' }) }
}

/** Resident set size of a process, in MiB: /proc on Linux (slim images have no ps), ps elsewhere. */
export function rssMiB (pid: number): number {
  let kib: number
  try {
    kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
  } catch {
    kib = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim())
  }
  return Math.round(kib / 102.4) / 10
}

/**
 * CPU time a process has used so far, in milliseconds (Linux /proc; undefined elsewhere).
 * CPU per request holds up on a busy machine where requests/s does not. Summed over the
 * process's threads from schedstat (nanoseconds) where the kernel has it: /proc/<pid>/stat
 * counts in 10 ms ticks, too coarse for a short run.
 */
export function cpuMs (pid: number): number | undefined {
  try {
    let nanoseconds = 0
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
    }
    if (Number.isFinite(nanoseconds) && nanoseconds > 0) return nanoseconds / 1e6
  } catch {
    // No schedstat (or a thread ended between the listing and the read): the coarser total below.
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

export async function stop (served: Served): Promise<void> {
  if (served.child.exitCode !== null) return
  const exited = new Promise((resolve) => served.child.once('exit', resolve))
  served.child.kill('SIGTERM')
  const timer = setTimeout(() => served.child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import request from 'supertest'
import { afterEach } from 'vitest'
import { startMockServer, type MockServer, type MockServerOptions } from '../../server/index.js'

export const ROOT = join(import.meta.dirname, '..', '..')

const servers: MockServer[] = []
const children: ChildProcess[] = []

/** A real server on a free port, closed after the test. */
export async function startTestServer (options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options)
  servers.push(server)
  return server
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

export { freePort } from './free-port.js'

export interface Spawned {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

/** Runs a command with a clean environment (plus `env`), killed after the test if still running. */
export function spawnProcess (command: string, args: string[], env: Record<string, string> = {}, cwd = ROOT): Spawned {
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return { child, output: () => output, exited }
}

/** The built bin, as `kaleyra-mock` runs it: the bundle (test/support/global-setup.ts builds dist/ first). */
export function spawnCli (args: string[], env: Record<string, string> = {}): Spawned {
  return spawnProcess(process.execPath, [join(ROOT, 'dist', 'bundle', 'cli.cjs'), ...args], env)
}

/** Polls GET /__admin/health until it answers 200 or the time is up. */
export async function waitUntilHealthy (baseUrl: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await request(baseUrl).get('/__admin/health').timeout(1000)
      if (response.status === 200) return
    } catch {}
    if (Date.now() > deadline) throw new Error(`${baseUrl} did not become healthy within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

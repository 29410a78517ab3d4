import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { freePort } from './server-helpers.js'

export interface Outcome { code: number, stdout: string, stderr: string }

/** Runs a command; resolves with its exit code and output whatever the code, for tests to assert on. */
function runTool (command: string, args: string[], options: { timeoutMs?: number, env?: Record<string, string> } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...options.env } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

export function podman (args: string[], timeoutMs?: number): Promise<Outcome> {
  return runTool('podman', args, { timeoutMs })
}

/** podman's standard output; throws with the end of its error output when it fails. */
export async function podmanOk (args: string[], timeoutMs?: number): Promise<string> {
  const outcome = await podman(args, timeoutMs)
  if (outcome.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${outcome.code}:\n${(outcome.stderr || outcome.stdout).slice(-4000)}`)
  return outcome.stdout
}

/** Polls GET /__admin/health every `intervalMs` until 200; on time-out, throws with the end of the container's log. */
export async function waitForHealth (container: string, baseUrl: string, timeoutMs = 30_000, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await fetch(`${baseUrl}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.status, () => 0)
    if (status === 200) return
    if (Date.now() > deadline) {
      const logs = await podman(['logs', container])
      throw new Error(`${container} did not answer GET /__admin/health with 200 within ${timeoutMs} ms:\n${(logs.stdout + logs.stderr).slice(-2000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Stops a container as `docker stop` does (SIGTERM, then SIGKILL after the grace period): its exit code and the time taken. */
export async function stopContainer (name: string, graceSeconds: number): Promise<{ exitCode: number, seconds: number }> {
  const started = performance.now()
  await podmanOk(['stop', '--time', String(graceSeconds), name], (graceSeconds + 60) * 1000)
  const seconds = (performance.now() - started) / 1000
  return { exitCode: Number((await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name])).trim()), seconds }
}

export interface Running { name: string, baseUrl: string }
export interface RunOptions { env?: Record<string, string>, volume?: string }

/**
 * Containers of one image for one test file: each named `<prefix>-<n>`, port 8080 published on
 * 127.0.0.1 at a free port, and removed by removeAll().
 */
export function createContainerRunner (image: string, prefix: string) {
  const names: string[] = []
  async function start (options: RunOptions = {}): Promise<Running> {
    const name = `${prefix}-${names.length}`
    names.push(name)
    const port = await freePort()
    const args = ['run', '--detach', '--name', name, '--publish', `127.0.0.1:${port}:8080`]
    for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`)
    if (options.volume !== undefined) args.push('--volume', options.volume)
    await podmanOk([...args, image])
    return { name, baseUrl: `http://127.0.0.1:${port}` }
  }
  return {
    start,
    /** start(), then waits until the server answers GET /__admin/health with 200. */
    async run (options: RunOptions = {}): Promise<Running> {
      const running = await start(options)
      await waitForHealth(running.name, running.baseUrl)
      return running
    },
    async removeAll (): Promise<void> {
      // One at a time: given a name that is already gone, podman 4.3's rm --force removes none of the others.
      for (const name of names.splice(0)) await podman(['rm', '--force', '--time', '0', name])
    },
  }
}

/**
 * A compose file run by podman-compose under a unique project name. A service it would build (`build:`)
 * gets the suite's image instead, as podman-compose would have built it: in the OCI format, which drops
 * the Dockerfile's HEALTHCHECK (the compose files carry their own), under the name podman-compose gives
 * it (`<project>_<service>`), so `up` finds it and builds nothing. remove() takes away every container,
 * network, volume and image whose name starts with the project's.
 */
export function createComposeProject (file: string, project: string, image: string) {
  const base = ['--project-name', project, '--file', file]
  const owned = (names: string) => names.split('\n').filter((name) => name.startsWith(`${project}_`) || name.startsWith(`localhost/${project}_`))
  return {
    async up (env: Record<string, string>): Promise<Outcome> {
      const { services } = parse(readFileSync(file, 'utf8')) as { services: Record<string, { build?: unknown, image?: string }> }
      const context = mkdtempSync(join(tmpdir(), 'kaleyra-mock-oci-'))
      try {
        for (const [service, spec] of Object.entries(services)) {
          if (spec.build === undefined || spec.image !== undefined) continue
          // A FROM alone would only tag the image; the label makes podman write it anew, in the OCI format.
          writeFileSync(join(context, 'Containerfile'), `FROM ${image}\nLABEL org.opencontainers.image.title=kaleyra-mock\n`)
          await podmanOk(['build', '--format', 'oci', '--quiet', '--tag', `localhost/${project}_${service}`, context], 120_000)
        }
      } finally {
        rmSync(context, { recursive: true, force: true })
      }
      return runTool('podman-compose', [...base, 'up', '--detach'], { timeoutMs: 600_000, env })
    },
    /** The name podman-compose gives a service's first container. */
    container (service: string): string {
      return `${project}_${service}_1`
    },
    async remove (): Promise<void> {
      await runTool('podman-compose', [...base, 'down'], { timeoutMs: 120_000 })
      for (const name of owned((await podman(['ps', '--all', '--format', '{{.Names}}'])).stdout)) await podman(['rm', '--force', '--time', '0', name])
      for (const name of owned((await podman(['network', 'ls', '--format', '{{.Name}}'])).stdout)) await podman(['network', 'rm', '--force', name])
      for (const name of owned((await podman(['volume', 'ls', '--format', '{{.Name}}'])).stdout)) await podman(['volume', 'rm', '--force', name])
      for (const name of owned((await podman(['images', '--format', '{{.Repository}}'])).stdout)) await podman(['rmi', '--force', name])
    },
  }
}

/**
 * podman's Docker-compatible API (`podman system service`) on a unix socket in `directory`, for clients
 * written for Docker (Testcontainers); resolves once it answers GET /_ping. stop() ends it.
 */
export async function startPodmanService (directory: string): Promise<{ dockerHost: string, stop: () => Promise<void> }> {
  const socket = join(directory, 'podman.sock')
  const service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  service.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString() })
  const exited = new Promise<void>((resolve) => service.once('exit', () => resolve()))
  const ping = () => new Promise<boolean>((resolve) => {
    get({ socketPath: socket, path: '/_ping' }, (response) => { response.resume(); resolve(response.statusCode === 200) }).on('error', () => resolve(false))
  })
  const deadline = Date.now() + 20_000
  while (!(await ping())) {
    if (Date.now() > deadline || service.exitCode !== null) {
      service.kill('SIGKILL')
      throw new Error(`podman system service did not answer on ${socket}:\n${errors.slice(-2000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    dockerHost: `unix://${socket}`,
    async stop () {
      service.kill('SIGTERM')
      await exited
    },
  }
}

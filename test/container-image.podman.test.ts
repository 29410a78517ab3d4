import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activationForm, activationPath, API_KEY, readJsonFixture } from './helpers.js'
import { freePort, ROOT } from './server-helpers.js'

// The Dockerfile built and run for real with podman (collected only where podman is installed; CI sets
// MOCK_REQUIRE_PODMAN=1, see vitest.config.ts). Names are unique to this run and removed afterwards.

const RUN = randomBytes(4).toString('hex')
const IMAGE = `localhost/kaleyra-mock-test:${RUN}`
const VOLUME = `kaleyra-mock-test-${RUN}`
const containers: string[] = []
const ALREADY_SUBMITTED = readJsonFixture('responses/documented-already-submitted.json')
const STOP_GRACE_SECONDS = 10

interface Outcome { code: number, stdout: string, stderr: string }

/** Runs podman; resolves with its exit code and output whatever the code (tests assert on them). */
function podman (args: string[], timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('podman', args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

async function podmanOk (args: string[], timeoutMs?: number): Promise<string> {
  const outcome = await podman(args, timeoutMs)
  if (outcome.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${outcome.code}:\n${(outcome.stderr || outcome.stdout).slice(-4000)}`)
  return outcome.stdout
}

interface Running { name: string, baseUrl: string }

/** Starts the image detached, its port 8080 published on 127.0.0.1 at a free port. */
async function startImage (options: { env?: Record<string, string>, volume?: string } = {}): Promise<Running> {
  const name = `kaleyra-mock-test-${RUN}-${containers.length}`
  containers.push(name)
  const port = await freePort()
  const args = ['run', '--detach', '--name', name, '--publish', `127.0.0.1:${port}:8080`]
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`)
  if (options.volume !== undefined) args.push('--volume', options.volume)
  await podmanOk([...args, IMAGE])
  return { name, baseUrl: `http://127.0.0.1:${port}` }
}

/** startImage, then waits until GET /__admin/health answers 200. */
async function runImage (options: Parameters<typeof startImage>[0] = {}): Promise<Running> {
  const running = await startImage(options)
  await waitForHealth(running.name, running.baseUrl)
  return running
}

async function waitForHealth (name: string, baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const status = await fetch(`${baseUrl}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.status, () => 0)
    if (status === 200) return
    if (Date.now() > deadline) throw new Error(`${name} did not answer GET /__admin/health with 200 within 30 s:\n${(await podman(['logs', name])).stdout.slice(-2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function postActivation (baseUrl: string, sid: string): Promise<{ status: number, body: { code?: string } }> {
  const { payload, headers } = activationForm()
  return fetch(`${baseUrl}${activationPath(sid)}`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: payload })
    .then(async (response) => ({ status: response.status, body: await response.json() as { code?: string } }))
}

/** Stops the container as `docker stop` does (SIGTERM, SIGKILL after the grace period); its exit code and the time taken. */
async function stop (name: string): Promise<{ exitCode: number, seconds: number }> {
  const started = performance.now()
  await podmanOk(['stop', '--time', String(STOP_GRACE_SECONDS), name], 60_000)
  const seconds = (performance.now() - started) / 1000
  return { exitCode: Number((await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name])).trim()), seconds }
}

describe('the container image, built from the Dockerfile and run with podman', () => {
  beforeAll(async () => {
    // --format docker keeps HEALTHCHECK (the OCI format has no field for it); --network host lets
    // RUN steps reach the registries through the host's own network set-up.
    await podmanOk(['build', '--format', 'docker', '--network', 'host', '--tag', IMAGE, ROOT], 900_000)
  }, 900_000)

  afterAll(async () => {
    // One at a time: given a name that is already gone, podman 4.3's rm --force removes none of the others.
    for (const name of containers) await podman(['rm', '--force', '--time', '0', name])
    await podman(['volume', 'rm', '--force', VOLUME])
    await podman(['rmi', '--force', IMAGE])
  }, 120_000)

  it('serves on the published port and passes its own HEALTHCHECK command, as uid 1000 under tini', async () => {
    const healthcheck = JSON.parse(await podmanOk(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', IMAGE])) as { Test: string[] }
    expect(healthcheck.Test).toEqual(['CMD', 'node', '/app/dist/bundle/healthcheck.cjs'])

    const { name, baseUrl } = await runImage()
    const health = await fetch(`${baseUrl}/__admin/health`)
    expect(health.status).toBe(200)
    expect(await podman(['healthcheck', 'run', name])).toMatchObject({ code: 0 })

    // Every process in the container, read from /proc (the slim image has no ps).
    const listing = 'const fs = require("fs"); console.log(JSON.stringify(fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p)).flatMap((pid) => { try { return [{ pid: Number(pid), uid: Number(/^Uid:\\s+(\\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "latin1"))[1]), args: fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\\0").filter(Boolean) }] } catch { return [] } })))'
    const processes = JSON.parse(await podmanOk(['exec', name, 'node', '-e', listing])) as Array<{ pid: number, uid: number, args: string[] }>
    expect(processes.find((process) => process.pid === 1)?.args[0]).toBe('/usr/bin/tini')
    expect(processes.some((process) => process.args.join(' ') === 'node /app/dist/bundle/cli.cjs serve')).toBe(true)
    for (const process of processes) expect(process.uid).toBe(1000)

    // The probe asks the configured port: pointed at one where nothing listens, it fails.
    expect(await podman(['exec', '--env', 'PORT=1', name, 'node', '/app/dist/bundle/healthcheck.cjs'])).toMatchObject({ code: 1 })
  }, 120_000)

  it('creates an activation (200 I102) and answers a repeat on the same account with the documented E937 envelope', async () => {
    const { baseUrl } = await runImage()
    const first = await postActivation(baseUrl, 'HXIMAGE01')
    expect(first).toMatchObject({ status: 200, body: { code: 'I102' } })
    const repeat = await postActivation(baseUrl, 'HXIMAGE01')
    expect(repeat).toEqual({ status: 400, body: ALREADY_SUBMITTED })
  }, 120_000)

  it('exits 0 on SIGTERM well within the stop grace period', async () => {
    const { name, baseUrl } = await runImage()
    expect((await postActivation(baseUrl, 'HXIMAGE02')).status).toBe(200)
    const stopped = await stop(name)
    // podman sends SIGKILL (exit 137) when the grace period runs out.
    expect(stopped.exitCode).toBe(0)
    expect(stopped.seconds).toBeLessThan(STOP_GRACE_SECONDS)
  }, 120_000)

  it('keeps MOCK_STATE_FILE on a volume mounted at /data across a restart, staying healthy after writing it', async () => {
    await podmanOk(['volume', 'create', VOLUME])
    const settings = { env: { MOCK_STATE_FILE: '/data/state.json' }, volume: `${VOLUME}:/data` }
    const first = await runImage(settings)
    expect((await postActivation(first.baseUrl, 'HXIMAGE03')).body.code).toBe('I102')
    expect((await fetch(`${first.baseUrl}/__admin/health`)).status).toBe(200)
    expect(await podman(['healthcheck', 'run', first.name])).toMatchObject({ code: 0 })
    expect((await stop(first.name)).exitCode).toBe(0)
    await podmanOk(['rm', first.name])

    const second = await runImage(settings)
    expect(await postActivation(second.baseUrl, 'HXIMAGE03')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
    expect((await postActivation(second.baseUrl, 'HXIMAGE04')).body.code).toBe('I102')
  }, 180_000)

  it('loads the Redis client it leaves out of the bundle when MOCK_STORE names a Redis', async () => {
    // Nothing listens on port 1: the server starts, and its health names the Redis store it cannot reach.
    const { baseUrl } = await startImage({ env: { MOCK_STORE: 'redis://127.0.0.1:1/0' } })
    const deadline = Date.now() + 30_000
    let body: unknown
    while (body === undefined && Date.now() < deadline) {
      body = await fetch(`${baseUrl}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.json(), () => undefined)
      if (body === undefined) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(body).toMatchObject({ status: 'unavailable', store: { backend: 'redis', ok: false } })
  }, 120_000)

  it('verifies the committed pact with `verify /pacts`, and fails a pact the mock does not honour', async () => {
    const pacts = join(ROOT, 'contracts', 'pacts')
    const [pactFile] = readdirSync(pacts).filter((file) => file.endsWith('.json'))
    const interactions = (JSON.parse(readFileSync(join(pacts, pactFile), 'utf8')) as { interactions: unknown[] }).interactions.length
    const verified = await podman(['run', '--rm', '--volume', `${pacts}:/pacts:ro`, IMAGE, 'verify', '/pacts'], 180_000)
    expect(verified.stdout).toContain(`${interactions} interactions: ${interactions} passed, 0 failed`)
    expect(verified.code).toBe(0)

    const bad = join(ROOT, 'contracts', 'bad-pacts', 'expects-201-created.json')
    const refused = await podman(['run', '--rm', '--volume', `${bad}:/pacts/bad.json:ro`, IMAGE, 'verify', '/pacts/bad.json'], 180_000)
    expect(refused.stdout).toMatch(/\b1 failed\b/)
    expect(refused.code).toBe(1)
  }, 360_000)
})

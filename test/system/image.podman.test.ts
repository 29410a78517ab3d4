import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activationForm, activationPath, API_KEY, readCertificate, readJsonFixture } from '../support/helpers.js'
import { freePort, ROOT } from '../support/server-helpers.js'
import { runWorkflowSteps } from '../support/workflow-steps.js'
import { EXAMPLE_SUMMARY, runVitestExample } from '../support/vitest-example.js'
import { createComposeProject, createContainerRunner, podman, podmanOk, startPodmanService, stopContainer, waitForHealth } from '../support/podman.js'

// The Dockerfile built and run for real with podman (collected only where podman is installed; CI sets
// MOCK_REQUIRE_PODMAN=1, see vitest.config.ts). Names are unique to this run and removed afterwards.

const RUN = randomBytes(4).toString('hex')
const IMAGE = `localhost/kaleyra-mock-test:${RUN}`
const VOLUME = `kaleyra-mock-test-${RUN}`
const containers = createContainerRunner(IMAGE, `kaleyra-mock-test-${RUN}`)
const ALREADY_SUBMITTED = readJsonFixture('responses/documented-already-submitted.json')
const STOP_GRACE_SECONDS = 10

function postActivation (baseUrl: string, sid: string): Promise<{ status: number, body: { code?: string } }> {
  const { payload, headers } = activationForm()
  return fetch(`${baseUrl}${activationPath(sid)}`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: payload })
    .then(async (response) => ({ status: response.status, body: await response.json() as { code?: string } }))
}

// Built once for the whole file: the compose examples run it too.
beforeAll(async () => {
  // --format docker keeps HEALTHCHECK (the OCI format has no field for it); --network host lets
  // RUN steps reach the registries through the host's own network set-up.
  await podmanOk(['build', '--format', 'docker', '--network', 'host', '--tag', IMAGE, ROOT], 900_000)
}, 900_000)
afterAll(async () => { await podman(['rmi', '--force', IMAGE]) }, 120_000)

describe('the container image, built from the Dockerfile and run with podman', () => {
  afterAll(async () => {
    await containers.removeAll()
    await podman(['volume', 'rm', '--force', VOLUME])
  }, 120_000)

  it('serves on the published port and passes its own HEALTHCHECK command, as uid 1000 under tini', async () => {
    const healthcheck = JSON.parse(await podmanOk(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', IMAGE])) as { Test: string[] }
    expect(healthcheck.Test).toEqual(['CMD', 'node', '/app/dist/bundle/cli.cjs', 'healthcheck'])

    const { name, baseUrl } = await containers.run()
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
    expect(await podman(['exec', '--env', 'PORT=1', name, 'node', '/app/dist/bundle/cli.cjs', 'healthcheck'])).toMatchObject({ code: 1 })

    // The start's log gives the inspector at the address it listens on, and says the port is the container's.
    const logs = await podmanOk(['logs', name])
    expect(logs).toContain('"msg":"inspector: http://0.0.0.0:8080/__admin/ui (port 8080 is the container\'s: open the host port it is published on')
  }, 120_000)

  it('gives what a Testcontainers module needs: one exposed port, an HTTP health check, configuration by environment, a writable /data', async () => {
    const config = JSON.parse(await podmanOk(['image', 'inspect', '--format', '{{json .Config}}', IMAGE])) as { ExposedPorts: Record<string, unknown>, Env: string[], User: string }
    expect(Object.keys(config.ExposedPorts)).toEqual(['8080/tcp'])
    expect(config.Env).toEqual(expect.arrayContaining(['HOST=0.0.0.0', 'PORT=8080']))
    expect(config.User).toBe('node')
    // Every option is a variable (the README's table); those given at run time are honoured.
    const { baseUrl } = await containers.run({ env: { MOCK_SEED: 'golden', MOCK_NOW: '2026-01-15T12:00:00Z', MOCK_STATE_FILE: '/data/state.json' } })
    const { payload, headers } = activationForm()
    const created = await fetch(`${baseUrl}${activationPath('HXGOLDEN')}`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: payload })
    expect(await created.text()).toBe(JSON.stringify(readJsonFixture('responses/seeded-success.json')))
  }, 120_000)

  it('starts from Node\'s Testcontainers against podman\'s Docker-compatible socket (Ryuk off), waiting on GET /__admin/health, as docs/ci.md shows', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'kaleyra-mock-testcontainers-'))
    const service = await startPodmanService(scratch)
    // Testcontainers reads these when it first looks for a container runtime.
    process.env.DOCKER_HOST = service.dockerHost
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true'
    const { GenericContainer, Wait } = await import('testcontainers')
    let started: Awaited<ReturnType<InstanceType<typeof GenericContainer>['start']>> | undefined
    try {
      started = await new GenericContainer(IMAGE)
        .withExposedPorts(8080)
        .withEnvironment({ MOCK_SEED: 'ci' })
        .withWaitStrategy(Wait.forHttp('/__admin/health', 8080).forStatusCode(200))
        .withStartupTimeout(30_000)
        .start()
      const baseUrl = `http://${started.getHost()}:${started.getMappedPort(8080)}`
      // Seeded over the admin API, as a test's set-up would: the account has submitted already.
      const seeded = await fetch(`${baseUrl}/__admin/accounts/HXTESTCONTAINERS`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"state":"submitted"}' })
      expect(seeded.status).toBe(200)
      expect(await postActivation(baseUrl, 'HXTESTCONTAINERS')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
      const id = started.getId()
      await started.stop()
      started = undefined
      expect((await podman(['container', 'exists', id])).code).toBe(1)
    } finally {
      await started?.stop()
      await service.stop()
      rmSync(scratch, { recursive: true, force: true })
    }
  }, 180_000)

  it('runs examples/ci/github-actions-image.yml\'s steps with podman for docker: build, docker run -d, wait for health', async () => {
    // The suite built the image already: the stand-in's `docker build` tags it under the recipe's name.
    const shims = mkdtempSync(join(tmpdir(), 'kaleyra-mock-docker-shim-'))
    writeFileSync(join(shims, 'docker'), [
      '#!/bin/sh',
      'if [ "$1" = build ]; then',
      '  shift; tag=',
      '  while [ $# -gt 0 ]; do case $1 in -t|--tag) tag=$2; shift ;; esac; shift; done',
      `  exec podman tag ${IMAGE} "$tag"`,
      'fi',
      'exec podman "$@"',
      '',
    ].join('\n'))
    chmodSync(join(shims, 'docker'), 0o755)
    const name = `kaleyra-mock-test-${RUN}-recipe`
    const port = await freePort()
    try {
      const steps = await runWorkflowSteps(join(ROOT, 'examples', 'ci', 'github-actions-image.yml'), {
        workspace: shims,
        env: { MOCK: name, MOCK_PORT: String(port), PATH: `${shims}${delimiter}${process.env.PATH ?? ''}` },
        // The tests of this recipe's user: seed an account over the admin API.
        replace: { 'Your tests': `curl -fsS -X PUT -H 'content-type: application/json' -d '{"state":"submitted"}' http://127.0.0.1:${port}/__admin/accounts/HXRECIPE` },
      })
      expect(steps.map((step) => [step.name, step.code]), steps.map((step) => step.output).join('\n')).toEqual([['Build the mock\'s image', 0], ['Start the mock', 0], ['Wait until it is healthy', 0], ['Your tests', 0]])
      // curl's retries say "Will retry" on standard error first; the health answer is the last line.
      expect(JSON.parse(steps[2].output.trim().split('\n').at(-1) ?? '')).toMatchObject({ status: 'ok' })
      expect(await postActivation(`http://127.0.0.1:${port}`, 'HXRECIPE')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
    } finally {
      await podman(['rm', '--force', '--time', '0', name])
      await podman(['untag', IMAGE, `localhost/${name}:latest`])
      rmSync(shims, { recursive: true, force: true })
    }
  }, 180_000)

  it('starts from the compile cache it ships: Node accepts the cached bundle, writes nothing, and health answers within 2 s of the start', async () => {
    // NODE_DEBUG_NATIVE=COMPILE_CACHE is Node's own trace of its compile cache, on standard error.
    const traced = await podman(['run', '--rm', '--env', 'NODE_DEBUG_NATIVE=COMPILE_CACHE', IMAGE, '--version'])
    expect(traced.code).toBe(0)
    expect(traced.stderr).toContain('cache for /app/dist/bundle/mock.cjs was accepted')
    expect(traced.stderr).not.toContain('writing cache for /app/dist/bundle/mock.cjs')

    // A bound that only a start without its cache (or a hang) exceeds, not a speed target: the image
    // starts in under 300 ms of CPU time (docs/decisions/start-up.md, bench/image-start.ts).
    const { name, baseUrl } = await containers.start()
    await waitForHealth(name, baseUrl, 30_000, 5)
    const answeredAt = Date.now()
    const startedAt = Number(await podmanOk(['inspect', '--format', '{{.State.StartedAt.UnixMilli}}', name]))
    expect(answeredAt - startedAt).toBeLessThan(2000)
  }, 120_000)

  it('creates an activation (200 I102) and answers a repeat on the same account with the documented E937 envelope', async () => {
    const { baseUrl } = await containers.run()
    const first = await postActivation(baseUrl, 'HXIMAGE01')
    expect(first).toMatchObject({ status: 200, body: { code: 'I102' } })
    const repeat = await postActivation(baseUrl, 'HXIMAGE01')
    expect(repeat).toEqual({ status: 400, body: ALREADY_SUBMITTED })
  }, 120_000)

  it('passes the README\'s CI pattern: the vitest example\'s eight files at once (8 workers), a namespace each', async () => {
    const { baseUrl } = await containers.run()
    const run = await runVitestExample(baseUrl)
    expect({ code: run.code, summary: EXAMPLE_SUMMARY.test(run.output) }, run.output).toEqual({ code: 0, summary: true })
    expect((await (await fetch(`${baseUrl}/__admin/requests`)).json() as { total: number }).total).toBe(0)
  }, 120_000)

  it('serves the sample certificates it ships, so a curl pipeline needs no clone', async () => {
    const { baseUrl } = await containers.run()
    const response = await fetch(`${baseUrl}/__admin/fixtures/certificate.png`)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(readCertificate('certificate.png'))
  }, 120_000)

  it('exits 0 on SIGTERM well within the stop grace period', async () => {
    const { name, baseUrl } = await containers.run()
    expect((await postActivation(baseUrl, 'HXIMAGE02')).status).toBe(200)
    const stopped = await stopContainer(name, STOP_GRACE_SECONDS)
    // podman sends SIGKILL (exit 137) when the grace period runs out.
    expect(stopped.exitCode).toBe(0)
    expect(stopped.seconds).toBeLessThan(STOP_GRACE_SECONDS)
  }, 120_000)

  it('writes MOCK_STATE_FILE into /data, which the node user owns, and keeps it across a container restart', async () => {
    expect((await podmanOk(['run', '--rm', '--entrypoint', 'stat', IMAGE, '--format', '%u:%g %A', '/data'])).trim()).toBe('1000:1000 drwxr-xr-x')
    const { name, baseUrl } = await containers.run({ env: { MOCK_STATE_FILE: '/data/state.json' } })
    expect((await postActivation(baseUrl, 'HXIMAGE03')).body.code).toBe('I102')
    // A state file it cannot write turns health to 503.
    expect((await fetch(`${baseUrl}/__admin/health`)).status).toBe(200)
    expect(await podman(['healthcheck', 'run', name])).toMatchObject({ code: 0 })

    await podmanOk(['restart', '--time', String(STOP_GRACE_SECONDS), name], 60_000)
    await waitForHealth(name, baseUrl)
    expect(await postActivation(baseUrl, 'HXIMAGE03')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
  }, 180_000)

  it('keeps MOCK_STATE_FILE on a volume mounted at /data for the next container', async () => {
    await podmanOk(['volume', 'create', VOLUME])
    const settings = { env: { MOCK_STATE_FILE: '/data/state.json' }, volume: `${VOLUME}:/data` }
    const first = await containers.run(settings)
    expect((await postActivation(first.baseUrl, 'HXIMAGE04')).body.code).toBe('I102')
    expect((await stopContainer(first.name, STOP_GRACE_SECONDS)).exitCode).toBe(0)
    await podmanOk(['rm', first.name])

    const second = await containers.run(settings)
    expect(await postActivation(second.baseUrl, 'HXIMAGE04')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
    expect((await postActivation(second.baseUrl, 'HXIMAGE05')).body.code).toBe('I102')
  }, 180_000)

  it('loads the Redis client it leaves out of the bundle when MOCK_STORE names a Redis', async () => {
    // Nothing listens on port 1: the server starts, and its health names the Redis store it cannot reach.
    const { baseUrl } = await containers.start({ env: { MOCK_STORE: 'redis://127.0.0.1:1/0' } })
    const deadline = Date.now() + 30_000
    let body: unknown
    while (body === undefined && Date.now() < deadline) {
      body = await fetch(`${baseUrl}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.json(), () => undefined)
      if (body === undefined) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(body).toMatchObject({ status: 'unavailable', store: { backend: 'redis', ok: false } })
  }, 120_000)

  it('runs the CLI\'s other commands given after the image name: --version names the package\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const answer = await podman(['run', '--rm', IMAGE, '--version'])
    expect(answer.stdout.trim()).toBe(version)
    expect(answer.code).toBe(0)
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

describe('the compose examples, run with podman-compose', () => {
  const example = createComposeProject(join(ROOT, 'docker-compose.yml'), `kaleyra-mock-test-${RUN}-example`, IMAGE)
  const shared = createComposeProject(join(ROOT, 'examples', 'shared-service', 'docker-compose.yml'), `kaleyra-mock-test-${RUN}-shared`, IMAGE)
  afterAll(async () => {
    await example.remove()
    await shared.remove()
  }, 180_000)

  it('runs docker-compose.yml: the mock answers on the port it publishes, on 127.0.0.1 only, and turns healthy by the compose file\'s own healthcheck', async () => {
    const port = await freePort()
    const up = await example.up({ MOCK_PORT: String(port) })
    expect(up.code, (up.stdout + up.stderr).slice(-4000)).toBe(0)
    const baseUrl = `http://127.0.0.1:${port}`
    const mock = example.container('kaleyra-mock')
    await waitForHealth(mock, baseUrl)

    // podman-compose's OCI build has no HEALTHCHECK; the compose file's healthcheck is what
    // `depends_on: condition: service_healthy` waits for. `podman healthcheck run` is what podman's timer runs.
    const image = (await podmanOk(['inspect', '--format', '{{.ImageName}}', mock])).trim()
    expect((await podmanOk(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', image])).trim()).toBe('null')
    expect(await podman(['healthcheck', 'run', mock])).toMatchObject({ code: 0 })
    expect((await podmanOk(['inspect', '--format', '{{.State.Health.Status}}', mock])).trim()).toBe('healthy')
    const ports = JSON.parse(await podmanOk(['inspect', '--format', '{{json .NetworkSettings.Ports}}', example.container('kaleyra-mock')])) as Record<string, Array<{ HostIp: string }>>
    expect(Object.values(ports).flat().map((binding) => binding.HostIp)).toEqual(['127.0.0.1'])
    expect((await postActivation(baseUrl, 'HXCOMPOSE')).body.code).toBe('I102')
    expect(await postActivation(baseUrl, 'HXCOMPOSE')).toEqual({ status: 400, body: ALREADY_SUBMITTED })
  }, 660_000)

  it('runs examples/shared-service: both replicas behind nginx see one Redis, so an account claimed through one is taken on the other', async () => {
    const port = await freePort()
    const up = await shared.up({ MOCK_PORT: String(port) })
    const hint = 'Without access to Docker Hub, scripts/container/build-service-stand-ins.sh builds redis:7-alpine and nginx:1.27-alpine; services find each other by name through the CNI dnsname plugin (Debian: golang-github-containernetworking-plugin-dnsname).'
    expect(up.code, `${(up.stdout + up.stderr).slice(-4000)}\n${hint}`).toBe(0)
    const baseUrl = `http://127.0.0.1:${port}`
    await waitForHealth(shared.container('lb'), baseUrl, 60_000)
    expect(await (await fetch(`${baseUrl}/__admin/health`)).json()).toMatchObject({ store: { backend: 'redis', ok: true } })
    // nginx waits for both replicas to be healthy, by the compose file's healthcheck (the OCI build has none).
    for (const replica of ['mock-a', 'mock-b']) expect(await podman(['healthcheck', 'run', shared.container(replica)])).toMatchObject({ code: 0 })
    expect((await postActivation(baseUrl, 'HXSHARED')).body.code).toBe('I102')

    // Each replica asked directly, from inside its own container.
    const { payload, headers } = activationForm()
    const ask = `fetch("http://127.0.0.1:8080${activationPath('HXSHARED')}", { method: "POST", headers: ${JSON.stringify({ ...headers, 'api-key': API_KEY })}, body: Buffer.from(${JSON.stringify(payload.toString('base64'))}, "base64") }).then(async (r) => console.log(r.status, await r.text()))`
    for (const replica of ['mock-a', 'mock-b']) {
      const answer = (await podmanOk(['exec', shared.container(replica), 'node', '-e', ask])).trim()
      expect(answer).toBe(`400 ${JSON.stringify(ALREADY_SUBMITTED)}`)
    }
  }, 660_000)
})

import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, ROOT, spawnProcess } from '../support/server-helpers.js'
import { runWorkflowSteps } from '../support/workflow-steps.js'

const run = promisify(execFile)
const { name, version, engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string, version: string, engines: { node: string } }
// npm runs on the Node that runs the tests (CI: Node 22, the oldest `engines` allows).
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`
const NPM = { cwd: ROOT, env: { ...process.env, PATH, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } }

/*
 * What a team gets from a release: the `npm pack` tarball (.github/workflows/release.yml attaches it),
 * installed into an empty project as the README says, with --ignore-scripts (a common company policy)
 * and --engine-strict (another). One pack and one install serve every test here; the dependencies
 * come from npm's cache when `npm ci` filled it.
 */
describe('the package, installed from its tarball', () => {
  const project = mkdtempSync(join(tmpdir(), 'kaleyra-mock-install-'))
  const bin = join(project, 'node_modules', '.bin', 'kaleyra-mock')
  let tarball = ''

  beforeAll(async () => {
    // dist/ is built by the test run's global setup; packing again would only build it again.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], NPM)
    tarball = join(project, (JSON.parse(stdout) as Array<{ filename: string }>)[0].filename)
    writeFileSync(join(project, 'package.json'), '{ "name": "client-team", "private": true }\n')
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--engine-strict', tarball], { ...NPM, cwd: project })
  }, 300_000)
  // node_modules holds Pact's native library: tens of megabytes to delete.
  afterAll(() => rm(project, { recursive: true, force: true }), 120_000)

  it('is the file the README installs from a release, and says it needs Node 22 or newer', () => {
    expect(tarball).toBe(join(project, `${name}-${version}.tgz`))
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`npm install --save-dev --ignore-scripts https://github.com/OWNER/REPO/releases/download/vX.Y.Z/${name}-X.Y.Z.tgz`)
    expect(engines.node).toBe('>=22')
  })

  it('installed under --engine-strict and --ignore-scripts on this Node, gives a kaleyra-mock command that knows its version', async () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22)
    const cli = spawnProcess(bin, ['--version'], { PATH }, project)
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toBe(`${version}\n`)
  })

  it('is refused by npm on Node 20 under --engine-strict, with the engines it needs', async () => {
    // npm's engine check reads process.version: npm started with it saying Node 20, in another empty project.
    const other = join(project, 'on-node-20')
    mkdirSync(other)
    writeFileSync(join(other, 'package.json'), '{ "name": "client-team-on-node-20", "private": true }\n')
    const preload = join(other, 'node-20.cjs')
    writeFileSync(preload, "Object.defineProperty(process, 'version', { value: 'v20.19.0' }); Object.defineProperty(process.versions, 'node', { value: '20.19.0', enumerable: true })\n")
    const refused = await run('npm', ['install', '--dry-run', '--prefer-offline', '--ignore-scripts', '--engine-strict', tarball], { ...NPM, cwd: other, env: { ...NPM.env, NODE_OPTIONS: `--require ${preload}` } })
      .then(() => undefined, (error: { code: number, stderr: string }) => error)
    expect(refused?.code).toBe(1)
    expect(refused?.stderr).toContain('npm error code EBADENGINE')
    expect(refused?.stderr).toContain(`Not compatible with your version of node/npm: ${name}@${version}`)
    expect(refused?.stderr).toContain('Required: {"node":">=22"}')
  })

  it('verifies the project\'s pacts with the Pact verifier it installed as an optional dependency', async () => {
    const cli = spawnProcess(bin, ['verify', join(ROOT, 'contracts', 'pacts')], { PATH, PACT_DO_NOT_TRACK: 'true' }, project)
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toMatch(/^\d+ interactions?: \d+ passed, 0 failed$/m)
  })

  it('gives the library to import: startMockServer answers from the installed package, and /client reaches it over HTTP', async () => {
    const script = `import('${name}').then(async ({ startMockServer }) => { const mock = await startMockServer({ now: '2026-01-15T12:00:00Z' }); const response = await fetch(mock.url + '/__admin/health'); console.log(response.status); const { connectMockServer } = await import('${name}/client'); const ns = connectMockServer(mock.url).namespace('installed'); console.log((await ns.admin.seedAccount('HX1', 'submitted')).state, ns.url === mock.url + '/ns/installed'); await mock.close() })`
    const node = spawnProcess(process.execPath, ['-e', script], {}, project)
    expect(await node.exited).toEqual({ code: 0, signal: null })
    expect(node.output()).toBe('200\nsubmitted true\n')
  })

  it('runs examples/ci/github-actions-npx.yml: npx serves in the background, wait returns once healthy, and killing npx\'s PID stops the server', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const steps = await runWorkflowSteps(join(ROOT, 'examples', 'ci', 'github-actions-npx.yml'), {
      workspace: project,
      env: { MOCK_PORT: String(port), PATH },
      // Installed above; the tests of this recipe's user are one request that the mock answers.
      replace: { 'Install': '', 'Your tests': `curl -fsS ${url}/__admin/health` },
    })
    expect(steps.map((step) => [step.name, step.code])).toEqual([['Start the mock', 0], ['Wait until it is healthy', 0], ['Your tests', 0], ['Stop the mock', 0]])
    expect(steps[1].output).toMatch(new RegExp(`^kaleyra-mock: ${url}/__admin/health is healthy`))

    // The server, not only npm, stops: the port is closed and its log ends with a clean shutdown.
    const deadline = Date.now() + 10_000
    while (await fetch(`${url}/__admin/health`).then(() => true, () => false)) {
      if (Date.now() > deadline) throw new Error(`the mock still answers on ${url} after npx was killed`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const log = readFileSync(join(project, 'kaleyra-mock.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string, signal?: string })
    expect(log.find((line) => line.msg === 'shutting down: finishing in-flight requests')).toMatchObject({ signal: 'parent exited' })
  })
})

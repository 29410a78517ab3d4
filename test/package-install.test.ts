import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, spawnProcess } from './server-helpers.js'

const run = promisify(execFile)
const NPM = { cwd: ROOT, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } }

/*
 * What a team gets until the package is published: `npm pack` here, the tarball installed into an
 * empty project (a git URL install packs the same way, after `prepare` builds). The dependencies come
 * from npm's cache when `npm ci` filled it, else from the registry.
 */
describe('the package, installed from its tarball', () => {
  const project = mkdtempSync(join(tmpdir(), 'kaleyra-mock-install-'))
  const bin = join(project, 'node_modules', '.bin', 'kaleyra-mock')

  beforeAll(async () => {
    // dist/ is built by the test run's global setup; packing again would only build it again.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], NPM)
    const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>
    writeFileSync(join(project, 'package.json'), '{ "name": "client-team", "private": true }\n')
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', join(project, filename)], { ...NPM, cwd: project })
  }, 300_000)
  afterAll(() => { rmSync(project, { recursive: true, force: true }) })

  it('installs the kaleyra-mock command, which knows its version', async () => {
    const cli = spawnProcess(bin, ['--version'], {}, project)
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  it('verifies the project\'s pacts with the Pact verifier it installed as an optional dependency', async () => {
    const cli = spawnProcess(bin, ['verify', join(ROOT, 'contracts', 'pacts')], { PACT_DO_NOT_TRACK: 'true' }, project)
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.output()).toMatch(/^8 interactions: 8 passed, 0 failed$/m)
  })

  it('gives the library to import: startMockServer answers from the installed package, and /client reaches it over HTTP', async () => {
    const script = "import('kaleyra-whatsapp-activation-mock').then(async ({ startMockServer }) => { const mock = await startMockServer({ now: '2026-01-15T12:00:00Z' }); const response = await fetch(mock.url + '/__admin/health'); console.log(response.status); const { connectMockServer } = await import('kaleyra-whatsapp-activation-mock/client'); const ns = connectMockServer(mock.url).namespace('installed'); console.log((await ns.admin.seedAccount('HX1', 'submitted')).state, ns.url === mock.url + '/ns/installed'); await mock.close() })"
    const node = spawnProcess(process.execPath, ['-e', script], {}, project)
    expect(await node.exited).toEqual({ code: 0, signal: null })
    expect(node.output()).toBe('200\nsubmitted true\n')
  })
})

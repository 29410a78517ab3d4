import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import { API_KEY, readCertificate, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'
import { freePort, ROOT, spawnProcess, waitUntilHealthy } from '../support/server-helpers.js'

const { scripts, bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>, bin: Record<string, string> }

interface BuildIfStale { BUILD_INPUTS: string[], BUILD_OUTPUTS: string[], isStale (root: string): boolean }
// Plain JavaScript that runs before anything is compiled, so it has no types to import.
const buildIfStale = await import(join(ROOT, 'scripts', 'build-if-stale.mjs')) as BuildIfStale

describe('npm start', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'kaleyra-mock-start-'))
  afterAll(() => rmSync(workdir, { recursive: true, force: true }))

  it('builds only when dist/ is missing or older than its sources, then runs the bundle the build wrote, as the bin does', () => {
    expect(scripts.prepare).toBe('npm run build')
    expect(scripts.prestart).toBe('node scripts/build-if-stale.mjs')
    expect(scripts.start).toBe('node dist/bundle/cli.cjs serve')
    expect(dirname(bin['kaleyra-mock'])).toBe('dist/bundle')
    // The test setup built dist/ if it had to, as npm ci's prepare does: npm start has nothing left to build.
    expect(buildIfStale.isStale(ROOT)).toBe(false)
  })

  it('run before `npm ci` (no node_modules, no dist/) says to run npm ci first, and fails', () => {
    const fresh = join(workdir, 'fresh-clone')
    mkdirSync(join(fresh, 'scripts'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(fresh, 'package.json'))
    cpSync(join(ROOT, 'scripts', 'build-if-stale.mjs'), join(fresh, 'scripts', 'build-if-stale.mjs'))
    const started = spawnSync('npm', ['start'], { cwd: fresh, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', npm_config_update_notifier: 'false' } })
    expect(started.stderr).toContain('The dependencies are not installed, so dist/ cannot be built: run `npm ci` first, then `npm start` again.\n')
    expect(started.status).toBe(1)
  })

  it('counts dist/ stale when an output is missing or older than any input file, however deep', () => {
    const root = join(workdir, 'stale')
    const at = (path: string, seconds: number) => {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), '')
      utimesSync(join(root, path), seconds, seconds)
    }
    for (const input of buildIfStale.BUILD_INPUTS) at(input.includes('.') ? input : join(input, 'deep', 'file.ts'), 1000)
    for (const folder of buildIfStale.BUILD_INPUTS.filter((input) => !input.includes('.'))) {
      utimesSync(join(root, folder, 'deep'), 1000, 1000)
      utimesSync(join(root, folder), 1000, 1000)
    }
    expect(buildIfStale.isStale(root)).toBe(true)
    for (const output of buildIfStale.BUILD_OUTPUTS) at(output, 2000)
    expect(buildIfStale.isStale(root)).toBe(false)
    at(join('server', 'deep', 'file.ts'), 3000)
    expect(buildIfStale.isStale(root)).toBe(true)
    for (const output of buildIfStale.BUILD_OUTPUTS) at(output, 4000)
    expect(buildIfStale.isStale(root)).toBe(false)
    rmSync(join(root, buildIfStale.BUILD_OUTPUTS[1]))
    expect(buildIfStale.isStale(root)).toBe(true)
  })

  it('serves from the built bundle alone (no sources, no node_modules beside it): health, the endpoint, a validated admin call, the OpenAPI document', async () => {
    // Copy only what the build wrote for the start command, so nothing can come from node_modules or server/.
    const [, entry] = scripts.start.split(' ')
    cpSync(join(ROOT, dirname(entry)), join(workdir, dirname(entry)), { recursive: true })
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const env = { PORT: String(port), HOST: '127.0.0.1', MOCK_SEED: 'golden', MOCK_NOW: '2026-01-15T12:00:00Z', LOG_LEVEL: 'warn' }
    const server = spawnProcess(process.execPath, [entry], env, workdir)
    await waitUntilHealthy(url)

    const activate = (): request.Test => {
      const post = request(url).post('/v1/HXGOLDEN/whatsapp/activation').set('api-key', API_KEY)
      for (const [name, value] of Object.entries(VALID_FIELDS)) post.field(name, value)
      return post.attach('business_certificate', readCertificate('certificate.png'), { filename: 'certificate.png', contentType: 'image/png' })
    }
    const activation = await activate().expect(200)
    expect(activation.text).toBe(JSON.stringify(readJsonFixture('responses/seeded-success.json')))
    const again = await activate()
    expect(again.text).toBe(JSON.stringify(readJsonFixture('responses/documented-already-submitted.json')))

    // Ajv comes in on the first validated request; the second is answered the same way.
    for (let i = 0; i < 2; i++) {
      const seed = await request(url).put('/__admin/accounts/HXSEED').set('content-type', 'application/json').send('{"state":"bogus"}').expect(400)
      expect(seed.body).toEqual(readJsonFixture('responses/inferred/admin-unknown-state.json'))
    }

    const openapi = await request(url).get('/__admin/openapi.json').expect(200)
    expect(Object.keys((openapi.body as { paths: object }).paths)).toContain('/v1/{sid}/whatsapp/activation')

    server.child.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.output()).toBe('')
  })

  it('keeps the compiled bundle in Node\'s compile cache under the OS temp directory', () => {
    const temp = join(workdir, 'tmp')
    mkdirSync(temp)
    const help = execFileSync(process.execPath, [join(ROOT, bin['kaleyra-mock']), '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TMPDIR: temp } })
    expect(help).toMatch(/^kaleyra-mock: a faithful mock/)
    const cache = join(temp, 'node-compile-cache')
    const cached = existsSync(cache) ? readdirSync(cache, { recursive: true }) : []
    expect(cached.length).toBeGreaterThan(0)
  })
})

import { execFileSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { API_KEY, readCertificate, readJsonFixture, VALID_FIELDS } from './helpers.js'
import { freePort, ROOT, spawnProcess, waitUntilHealthy } from './server-helpers.js'

const { scripts, bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>, bin: Record<string, string> }

describe('npm start', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'kaleyra-mock-start-'))
  afterAll(() => rmSync(workdir, { recursive: true, force: true }))

  it('builds first, then runs the bundle that the build wrote, as the bin does', () => {
    expect(scripts.prestart).toBe('npm run build')
    expect(scripts.build).toMatch(/&& tsx scripts\/bundle\.ts$/)
    expect(scripts.start).toBe('node dist/bundle/server.cjs')
    expect(dirname(bin['kaleyra-mock'])).toBe('dist/bundle')
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

    const form = new FormData()
    for (const [name, value] of Object.entries(VALID_FIELDS)) form.append(name, value)
    form.append('business_certificate', new Blob([readCertificate('certificate.png')], { type: 'image/png' }), 'certificate.png')
    const activation = await fetch(`${url}/v1/HXGOLDEN/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY }, body: form })
    expect(activation.status).toBe(200)
    expect(await activation.text()).toBe(JSON.stringify(readJsonFixture('responses/seeded-success.json')))
    const again = await fetch(`${url}/v1/HXGOLDEN/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY }, body: form })
    expect(await again.text()).toBe(JSON.stringify(readJsonFixture('responses/documented-already-submitted.json')))

    // Ajv comes in on the first validated request; the second is answered the same way.
    for (let i = 0; i < 2; i++) {
      const seed = await fetch(`${url}/__admin/accounts/HXSEED`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"state":"bogus"}' })
      expect(seed.status).toBe(400)
      expect(await seed.json()).toEqual(readJsonFixture('responses/inferred/admin-unknown-state.json'))
    }

    const openapi = await fetch(`${url}/__admin/openapi.json`)
    expect(openapi.status).toBe(200)
    expect(Object.keys(((await openapi.json()) as { paths: object }).paths)).toContain('/v1/{sid}/whatsapp/activation')

    server.child.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.output()).toBe('')
  })

  it('runs the bundle with the V8 code cache the build wrote, and the same without it or with a stale one', () => {
    const bundle = join(ROOT, 'dist', 'bundle')
    const codeCache = (directory: string) => execFileSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(join(directory, 'load-bundle.cjs'))}).loadBundle(${JSON.stringify(directory)}).codeCache)`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).trim()
    expect(codeCache(bundle)).toBe('used')

    const edited = join(workdir, 'edited')
    cpSync(bundle, edited, { recursive: true })
    appendFileSync(join(edited, 'mock.cjs'), '\n// edited after the build\n')
    expect(codeCache(edited)).toBe('stale')
    rmSync(join(edited, 'mock.cjs.v8-cache'))
    expect(codeCache(edited)).toBe('absent')
    expect(execFileSync(process.execPath, [join(edited, 'cli.cjs'), '--help'], { encoding: 'utf8' })).toMatch(/^kaleyra-mock: a faithful mock/)
  })
})

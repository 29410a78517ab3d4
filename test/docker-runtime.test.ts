import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, ROOT, spawnProcess } from './server-helpers.js'

const run = promisify(execFile)

/** The runtime stage of the Dockerfile, read from the file itself so the test follows it. */
function runtimeStage () {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ')
  const stage = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m))
  const env: Record<string, string> = {}
  for (const [, pairs] of stage.matchAll(/^ENV (.+)$/gm)) for (const [, name, value] of pairs.matchAll(/(\w+)=(\S+)/g)) env[name] = value
  const install = stage.match(/^RUN (npm ci [^&\n]*?)\s*(&&|$)/m)![1].trim().split(/\s+/)
  const healthcheck = JSON.parse(stage.match(/^HEALTHCHECK .*CMD (\[.*\])$/m)![1]) as string[]
  const cmd = JSON.parse(stage.match(/^CMD (\[.*\])$/m)![1]) as string[]
  // What the build stage hands over (its WORKDIR is /app, the repository's root here).
  const fromBuild = [...stage.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map(([, from, to]) => ({ from, to }))
  return { from: stage.match(/^FROM (\S+)/)![1], env, install, healthcheck, cmd, fromBuild, user: stage.match(/^USER (\S+)$/m)?.[1] }
}

describe('the Docker image\'s runtime stage, done without Docker on a clean copy', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'kaleyra-mock-image-'))
  afterAll(() => rmSync(workdir, { recursive: true, force: true }))

  it('runs on a maintained LTS slim image as a non-root user, on 0.0.0.0:8080, under an init process', () => {
    const stage = runtimeStage()
    expect(stage.from).toMatch(/^node:(22|24)-slim$/)
    expect(stage.user).toBe('node')
    expect(stage.env).toMatchObject({ HOST: '0.0.0.0', PORT: '8080', NODE_ENV: 'production' })
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m)
    expect(stage.healthcheck[0]).toBe('node')
  })

  it('starts the package\'s bin, the bundled server, as `npx kaleyra-mock` does', () => {
    const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    expect(runtimeStage().cmd).toEqual(['node', bin['kaleyra-mock']])
    expect(bin['kaleyra-mock']).toMatch(/^dist\/bundle\//)
  })

  it('installs production dependencies only, starts with the image\'s command, passes its healthcheck, exits 0 on SIGTERM, and exports startMockServer', async () => {
    const stage = runtimeStage()
    // COPY package.json package-lock.json, RUN npm ci --omit=dev …, COPY --from=build /app/dist ./dist
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(workdir, file))
    const [npm, ...npmArgs] = stage.install
    await run(npm, npmArgs, { cwd: workdir, env: { ...process.env, npm_config_update_notifier: 'false' } })
    expect(stage.fromBuild.length).toBeGreaterThan(0)
    for (const { from, to } of stage.fromBuild) cpSync(join(ROOT, from), join(workdir, to), { recursive: true })
    expect(existsSync(join(workdir, 'node_modules', 'fastify'))).toBe(true)
    for (const devOnly of ['vitest', 'typescript', 'tsx', 'esbuild']) expect(existsSync(join(workdir, 'node_modules', devOnly))).toBe(false)

    const port = String(await freePort())
    const env = { ...stage.env, PORT: port }
    const [command, ...args] = stage.cmd
    const server = spawnProcess(command === 'node' ? process.execPath : command, args, env, workdir)

    const healthcheck = async () => {
      const [probe, ...probeArgs] = stage.healthcheck
      return run(probe === 'node' ? process.execPath : probe, probeArgs, { cwd: workdir, env: { PATH: process.env.PATH ?? '', ...env } }).then(() => 0, (error: { code: number }) => error.code)
    }
    let status = await healthcheck()
    for (let tries = 0; status !== 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = await healthcheck()
    }
    expect(status).toBe(0)

    const response = await fetch(`http://127.0.0.1:${port}/v1/HXIMAGE/whatsapp/activation`, { method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json' }, body: '{}' })
    expect(response.status).toBe(400)
    expect(server.output()).toContain(`"msg":"Server listening at http://127.0.0.1:${port}"`)

    server.child.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(await healthcheck()).toBe(1)

    // The same install serves client teams that import the package.
    const script = 'import { startMockServer } from "kaleyra-whatsapp-activation-mock"; const mock = await startMockServer(); const r = await fetch(mock.url + "/__admin/health"); console.log(r.status); await mock.close()'
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: workdir })
    expect(stdout).toBe('200\n')
  }, 180_000)
})

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../server/cli/cli.js'
import { ConfigError } from '../../server/platform/settings.js'
import { createRedisState } from '../../server/state/redis-state.js'
import { buildTestApp, postForm } from '../support/helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import { freePort } from '../support/free-port.js'

const TIMEOUT_MS = 1000
const LOST = 'The shared state store (Redis) came back empty: accounts claimed before are forgotten. POST /__admin/reset or PUT /__admin/snapshot to go on.'

let redis: RedisServer
const apps: FastifyInstance[] = []
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
  await redis.command('CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction')
})

async function replica (prefix: string): Promise<FastifyInstance> {
  const app = await buildTestApp({ state: await createRedisState({ url: redis.url, prefix, timeoutMs: TIMEOUT_MS }) })
  apps.push(app)
  return app
}

async function answer (app: FastifyInstance, sid: string): Promise<[number, string]> {
  const response = await postForm(app, sid)
  const body = response.json()
  return [response.statusCode, body.error?.code === 'E503' ? body.error.message : body.error?.code ?? body.code]
}

async function untilHealthy (app: FastifyInstance): Promise<unknown> {
  const until = performance.now() + 10_000
  for (;;) {
    const health = await app.inject({ method: 'GET', url: '/__admin/health' })
    if (health.json().store.detail !== 'The shared state store (Redis) is unreachable; try again shortly.' || performance.now() > until) return health.json()
    await sleep(50)
  }
}

describe('a Redis that restarts empty (no persistence)', () => {
  it('refuses claims on every replica, and health says why, until the operator resets; an account claimed before never answers I102 again unnoticed', async () => {
    const prefix = `restart-${randomUUID()}:`
    const [a, b] = [await replica(prefix), await replica(prefix)]
    expect(await answer(a, 'HXBEFORE')).toEqual([200, 'I102'])
    expect(await answer(b, 'HXBEFORE')).toEqual([400, 'E937'])

    await redis.stop()
    await redis.start()
    for (const app of [a, b]) {
      expect(await untilHealthy(app)).toEqual({ status: 'unavailable', store: { backend: 'redis', ok: false, detail: LOST } })
      expect(await answer(app, 'HXBEFORE')).toEqual([503, LOST])
      expect(await answer(app, 'HXOTHER')).toEqual([503, LOST])
    }

    expect((await a.inject({ method: 'POST', url: '/__admin/reset' })).json()).toEqual({ status: 'reset' })
    expect((await b.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200)
    expect(await answer(b, 'HXBEFORE')).toEqual([200, 'I102'])
    expect(await answer(a, 'HXBEFORE')).toEqual([400, 'E937'])
  })

  it('goes on untroubled after a reconnection to a Redis that kept its data', async () => {
    const prefix = `reconnect-${randomUUID()}:`
    const app = await replica(prefix)
    expect(await answer(app, 'HXKEPT')).toEqual([200, 'I102'])
    await redis.command('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
    expect(await untilHealthy(app)).toEqual({ status: 'ok', store: { backend: 'redis', ok: true } })
    expect(await answer(app, 'HXKEPT')).toEqual([400, 'E937'])
    expect(await answer(app, 'HXNEXT')).toEqual([200, 'I102'])
  })
})

describe('a Redis that may evict keys', () => {
  it.each(['allkeys-lru', 'allkeys-lfu', 'allkeys-random'])('stops the start under maxmemory-policy %s, naming it', async (policy) => {
    await redis.command('CONFIG', 'SET', 'maxmemory', '104857600', 'maxmemory-policy', policy)
    await expect(createRedisState({ url: redis.url, prefix: 'evict:', timeoutMs: TIMEOUT_MS })).rejects.toThrow(new ConfigError(
      `MOCK_STORE: the Redis at 127.0.0.1:${redis.port} has maxmemory 104857600 with maxmemory-policy ${policy}: it may evict claimed accounts, which would then answer I102 again. Set maxmemory-policy noeviction (or maxmemory 0).`))
  })

  it.each([['104857600', 'noeviction'], ['104857600', 'volatile-lru'], ['0', 'allkeys-lru']])('starts with maxmemory %s and %s, which never evict a claim', async (maxmemory, policy) => {
    await redis.command('CONFIG', 'SET', 'maxmemory', maxmemory, 'maxmemory-policy', policy)
    const state = await createRedisState({ url: redis.url, prefix: 'evict:', timeoutMs: TIMEOUT_MS })
    expect(await state.health()).toEqual({ backend: 'redis', ok: true })
    await state.close()
  })
})

describe('a rediss:// server whose certificate is not trusted', () => {
  let dir: string
  let tls: ChildProcess
  let port: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mock-redis-tls-'))
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`)
    port = await freePort()
    tls = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'), '--tls-ca-cert-file', join(dir, 'cert.pem'), '--tls-auth-clients', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    await new Promise<void>((resolve, reject) => {
      tls.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); if (output.includes('Ready to accept connections')) resolve() })
      tls.once('exit', (code) => reject(new Error(`redis-server with TLS exited with ${code}:\n${output}`)))
    })
    tls.stdout!.resume()
  })
  afterAll(async () => {
    const exited = once(tls, 'exit')
    tls.kill('SIGKILL')
    await exited
    rmSync(dir, { recursive: true, force: true })
  })

  it('stops the start at once with an error naming the verification failure', async () => {
    const started = performance.now()
    await expect(createRedisState({ url: `rediss://127.0.0.1:${port}/0`, timeoutMs: 5000 })).rejects.toThrow(new ConfigError(
      `MOCK_STORE: the TLS certificate of the Redis at 127.0.0.1:${port} is not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT). Give its CA to Node with NODE_EXTRA_CA_CERTS=<file>.`))
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('makes kaleyra-mock exit 2 with that message', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      expect(await runCli(['--port', '0', '--store', `rediss://127.0.0.1:${port}/0`])).toBe(2)
      expect(errors.mock.calls.map((call) => String(call[0]))).toContainEqual(expect.stringContaining('is not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)'))
    } finally {
      errors.mockRestore()
    }
  })
})

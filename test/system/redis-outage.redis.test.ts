import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

const UNAVAILABLE = readJsonFixture('responses/inferred/store-unavailable.json')
const TIMEOUT_MS = 1000
const HEALTH_DOWN = { status: 'unavailable', store: { backend: 'redis', ok: false, detail: 'The shared state store (Redis) is unreachable; try again shortly.' } }

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })
afterEach(async () => {
  redis.resume()
  await redis.start()
})

async function redisApp (url = redis.url): Promise<FastifyInstance> {
  return buildTestApp({ state: await createRedisState({ url, prefix: `outage-${randomUUID()}:`, timeoutMs: TIMEOUT_MS }) })
}

/** Asks until the answer has the status, for at most a few seconds. */
async function until (ask: () => Promise<{ statusCode: number }>, status: number): Promise<void> {
  for (let tries = 0; tries < 100 && (await ask()).statusCode !== status; tries++) await sleep(100)
}

describe('a mock whose Redis goes away', () => {
  it('answers requests with the 503 envelope, and health with 503, within the command timeout', async () => {
    const app = await redisApp()
    await redis.stop()
    const started = Date.now()
    const response = await postForm(app, 'HXDOWN')
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual(UNAVAILABLE)
    const health = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect([health.statusCode, health.json()]).toEqual([503, HEALTH_DOWN])
    expect(Date.now() - started).toBeLessThan(10 * TIMEOUT_MS)
  })

  it('answers 503 instead of hanging when Redis stops answering on an open connection', async () => {
    const app = await redisApp()
    redis.pause()
    const response = await postForm(app, 'HXFROZEN')
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual(UNAVAILABLE)
    redis.resume()
  })

  it('reconnects by itself when Redis comes back, and, Redis having come back empty, goes on once reset', async () => {
    const app = await redisApp()
    await redis.stop()
    expect((await postForm(app, 'HXBACK')).statusCode).toBe(503)
    await redis.start()
    const health = () => app.inject({ method: 'GET', url: '/__admin/health' })
    for (let tries = 0; tries < 100 && (await health()).json().store.detail === HEALTH_DOWN.store.detail; tries++) await sleep(100)
    expect((await health()).json().store.detail).toMatch(/came back empty/)
    await app.inject({ method: 'POST', url: '/__admin/reset' })
    expect((await health()).json()).toEqual({ status: 'ok', store: { backend: 'redis', ok: true } })
    expect((await postForm(app, 'HXBACK')).statusCode).toBe(200)
  })

  it('starts while Redis is down, answering 503 until it is reachable', async () => {
    await redis.stop()
    const app = await redisApp()
    expect((await postForm(app, 'HXLATE')).json()).toEqual(UNAVAILABLE)
    await redis.start()
    await until(() => postForm(app, 'HXLATE'), 200)
    expect((await postForm(app, 'HXLATE')).statusCode).toBe(400)
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { API_KEY, buildTestApp } from '../support/helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })

describe('a journal wait on Redis', () => {
  it('answers a wait on one replica once another replica journals the matching request, in a namespace, without reading in a tight loop', async () => {
    const prefix = `journal-wait-${randomUUID()}:`
    const replica = async () => buildTestApp({ state: await createRedisState({ url: redis.url, prefix, timeoutMs: 10_000 }) })
    const [a, b] = [await replica(), await replica()]
    const before = Number(/total_commands_processed:(\d+)/.exec(String(await redis.command('INFO', 'stats')))?.[1])
    const started = Date.now()
    const waiting = a.inject({ url: '/ns/w/__admin/requests?sid=HXREPLICA&code=E939&wait=10000' })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await b.inject({ method: 'POST', url: '/ns/w/v1/HXREPLICA/whatsapp/activation', headers: { 'api-key': API_KEY } })
    const page = (await waiting).json<{ entries: Array<{ sid: string, rule: string }> }>()
    expect(page.entries).toMatchObject([{ sid: 'HXREPLICA', rule: 'required' }])
    expect(Date.now() - started).toBeLessThan(2000)
    const commands = Number(/total_commands_processed:(\d+)/.exec(String(await redis.command('INFO', 'stats')))?.[1]) - before
    // A read every 200 ms or so (a few commands each) for about a second, and the request's own: not thousands.
    expect(commands).toBeLessThan(100)
    await Promise.all([a.close(), b.close()])
  })

  it('answers a wait on the replica that journals the request, woken by the entry', async () => {
    const app = await buildTestApp({ state: await createRedisState({ url: redis.url, prefix: `journal-wait-${randomUUID()}:`, timeoutMs: 10_000 }) })
    const waiting = app.inject({ url: '/__admin/requests?sid=HXLOCAL&since=0&wait=10000' })
    await new Promise((resolve) => setTimeout(resolve, 150))
    const sent = Date.now()
    await app.inject({ method: 'POST', url: '/v1/HXLOCAL/whatsapp/activation', headers: { 'api-key': API_KEY } })
    expect((await waiting).json()).toMatchObject({ entries: [{ sid: 'HXLOCAL' }] })
    expect(Date.now() - sent).toBeLessThan(2000)
    await app.close()
  })
})

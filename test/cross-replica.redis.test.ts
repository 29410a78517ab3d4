import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../server/redis-state.js'
import { buildTestApp, postForm, readJsonFixture } from './helpers.js'
import { startRedisServer, type RedisServer } from './support/redis-server.js'
import { journalEntry } from './support/activations.js'

const ALREADY_SUBMITTED = readJsonFixture('responses/documented-already-submitted.json')

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })

/** Two replicas of one mock: separate apps, separate connections, one Redis and one prefix. */
async function twoReplicas (): Promise<[FastifyInstance, FastifyInstance]> {
  const prefix = `replicas-${randomUUID()}:`
  const replica = async () => buildTestApp({ seed: 'replicas', state: await createRedisState({ url: redis.url, prefix, timeoutMs: 10_000 }) })
  return [await replica(), await replica()]
}

describe('two replicas sharing one Redis', () => {
  it('give exactly one I102 among 500 concurrent requests for one fresh SID spread across both', async () => {
    const replicas = await twoReplicas()
    const responses = await Promise.all(Array.from({ length: 500 }, (_, i) => postForm(replicas[i % 2], 'HXSHARED')))
    const created = responses.filter((r) => r.statusCode === 200)
    expect(created).toHaveLength(1)
    expect(created[0].json().code).toBe('I102')
    const refused = responses.filter((r) => r.statusCode !== 200)
    expect(refused).toHaveLength(499)
    for (const response of refused) expect(response.json()).toEqual(ALREADY_SUBMITTED)
  })

  it('draw ids from one set of counters, so no two activations share an id', async () => {
    const replicas = await twoReplicas()
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => postForm(replicas[i % 2], `HXIDS${i}`)))
    const ids = responses.map((r) => r.json().data[0].business_details.id as number).sort((a, b) => a - b)
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('see an account claimed through one replica as submitted through the other, activation included', async () => {
    const [a, b] = await twoReplicas()
    const created = (await postForm(a, 'HXSEEN')).json().data[0]
    expect((await postForm(b, 'HXSEEN')).json()).toEqual(ALREADY_SUBMITTED)
    expect(await b.state.accounts.get('HXSEEN')).toEqual({ sid: 'HXSEEN', state: 'submitted', activation: created })
  })

  it('never show an account as submitted without its activation while the other replica is claiming it', async () => {
    const [a, b] = await twoReplicas()
    const sids = Array.from({ length: 40 }, (_, i) => `HXREAD${i}`)
    let claiming = true
    const claims = Promise.all(sids.map((sid) => postForm(a, sid))).finally(() => { claiming = false })
    const seen = []
    while (claiming) seen.push(...await Promise.all(sids.map((sid) => b.state.accounts.get(sid))))
    await claims
    expect(seen.some((record) => record.state === 'submitted')).toBe(true)
    for (const record of seen) expect(record.state === 'fresh' || record.activation !== undefined).toBe(true)
  })

  it('see a reset made through one replica from the other', async () => {
    const [a, b] = await twoReplicas()
    expect((await postForm(a, 'HXRESET')).statusCode).toBe(200)
    await a.state.accounts.reset()
    const again = await postForm(b, 'HXRESET')
    expect(again.statusCode).toBe(200)
    expect(again.json().data[0].business_details.id).toBe(1)
  })

  it('export through one replica the snapshot restored through the other', async () => {
    const [a, b] = await twoReplicas()
    await postForm(a, 'HXSNAP')
    const exported = (await a.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const [c] = await twoReplicas()
    expect((await c.inject({ method: 'PUT', url: '/__admin/snapshot', payload: exported })).statusCode).toBe(200)
    expect((await b.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual(exported)
    expect((await c.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual(exported)
    expect((await postForm(c, 'HXSNAP')).json()).toEqual(ALREADY_SUBMITTED)
  })

  it('keep one journal holding both replicas\' entries, numbered in one sequence', async () => {
    const [a, b] = await twoReplicas()
    await a.state.journal.record(journalEntry('HXFROMA'))
    await b.state.journal.record(journalEntry('HXFROMB'))
    for (const replica of [a, b]) {
      const page = await replica.state.journal.list()
      expect(page.entries.map((e) => [e.seq, e.sid])).toEqual([[2, 'HXFROMB'], [1, 'HXFROMA']])
    }
  })

  it('share faults, so an application used through one replica is gone for the other', async () => {
    const [a, b] = await twoReplicas()
    await a.state.faults.add({ kind: 'status', sid: 'HXF', remaining: 1, status: 503 })
    expect((await b.state.faults.take('HXF'))?.remaining).toBe(0)
    expect(await a.state.faults.take('HXF')).toBeUndefined()
  })

  it('keep mocks with different prefixes apart on one Redis', async () => {
    const [a] = await twoReplicas()
    const [other] = await twoReplicas()
    await postForm(a, 'HXPREFIX')
    expect((await postForm(other, 'HXPREFIX')).statusCode).toBe(200)
  })
})

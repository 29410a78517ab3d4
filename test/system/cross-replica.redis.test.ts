import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { API_KEY, buildTestApp, postActivation, postForm, readJsonFixture } from '../support/helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'
import { journalEntry } from '../support/activations.js'

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

  it('see a reset made through one replica\'s admin API from the other', async () => {
    const [a, b] = await twoReplicas()
    expect((await postForm(a, 'HXRESET')).statusCode).toBe(200)
    expect((await a.inject({ method: 'POST', url: '/__admin/reset' })).statusCode).toBe(200)
    const again = await postForm(b, 'HXRESET')
    expect(again.statusCode).toBe(200)
    expect(again.json().data[0].business_details.id).toBe(1)
  })

  it('see an account seeded through one replica\'s admin API from the other', async () => {
    const [a, b] = await twoReplicas()
    await a.inject({ method: 'PUT', url: '/__admin/accounts/HXSEEDED', payload: { state: 'active_channel' } })
    expect((await postForm(b, 'HXSEEDED')).json()).toEqual(ALREADY_SUBMITTED)
    expect((await b.inject({ method: 'GET', url: '/__admin/accounts/HXSEEDED' })).json()).toEqual({ sid: 'HXSEEDED', state: 'active_channel', activation: null })
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

  it('keep one journal holding both replicas\' requests, numbered in one sequence', async () => {
    const [a, b] = await twoReplicas()
    await postForm(a, 'HXFROMA')
    await postForm(b, 'HXFROMB')
    // The journal records once the response has gone, so the last entry may land a moment later.
    for (let tries = 0; tries < 50 && (await a.state.journal.list()).total < 2; tries++) await sleep(20)
    for (const replica of [a, b]) {
      const page = (await replica.inject({ method: 'GET', url: '/__admin/requests' })).json()
      expect(page.entries.map((e: { seq: number, sid: string, status: number }) => [e.seq, e.sid, e.status])).toEqual([[2, 'HXFROMB', 200], [1, 'HXFROMA', 200]])
      expect([page.total, page.dropped]).toEqual([2, 0])
    }
  })

  it('share one journal at the store level too, with exact counts past its capacity', async () => {
    const prefix = `journal-${randomUUID()}:`
    const [a, b] = await Promise.all([0, 1].map(() => createRedisState({ url: redis.url, prefix, timeoutMs: 10_000, journalCapacity: 3 })))
    for (let i = 0; i < 5; i++) await [a, b][i % 2].journal.record(journalEntry(`HX${i}`))
    const page = await b.journal.list()
    expect(page.entries.map((e) => [e.seq, e.sid])).toEqual([[5, 'HX4'], [4, 'HX3'], [3, 'HX2']])
    expect([page.total, page.dropped]).toEqual([5, 2])
    await Promise.all([a.close(), b.close()])
  })

  it('share faults, so a fault added through one replica fails a request through the other, once', async () => {
    const [a, b] = await twoReplicas()
    const added = await a.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'status', sid: 'HXF', status: 503 } })
    expect(added.statusCode).toBe(201)
    expect((await postForm(b, 'HXF')).statusCode).toBe(503)
    expect((await postForm(a, 'HXF')).statusCode).toBe(200)
  })

  it('share provider states, api-keys included, set up through one replica', async () => {
    const [a, b] = await twoReplicas()
    const setup = (state: string, params: Record<string, string>) => a.inject({ method: 'POST', url: '/__admin/provider-states', payload: { state, params } })
    expect((await setup('api-key {apiKey} is valid for account {sid}', { sid: 'HXPACT', apiKey: API_KEY })).statusCode).toBe(200)
    expect((await setup('account {sid} has already submitted an activation request', { sid: 'HXPACT' })).statusCode).toBe(200)
    expect((await postForm(b, 'HXPACT')).json()).toEqual(ALREADY_SUBMITTED)
    const otherKey = await postActivation(b, { sid: 'HXPACT', headers: { 'api-key': 'not-the-registered-one' } })
    expect(otherKey.json()).toEqual(readJsonFixture('responses/inferred/api-key-invalid.json'))
  })

  it('keep mocks with different prefixes apart on one Redis', async () => {
    const [a] = await twoReplicas()
    const [other] = await twoReplicas()
    await postForm(a, 'HXPREFIX')
    expect((await postForm(other, 'HXPREFIX')).statusCode).toBe(200)
  })
})

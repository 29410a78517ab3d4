import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { activationForm, API_KEY, buildTestApp } from '../support/helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })

/** Two replicas of one mock: separate apps, separate connections, one Redis and one prefix. */
async function twoReplicas (): Promise<[FastifyInstance, FastifyInstance]> {
  const prefix = `ns-replicas-${randomUUID()}:`
  const replica = async () => buildTestApp({ seed: 'replicas', state: await createRedisState({ url: redis.url, prefix, timeoutMs: 10_000 }) })
  return [await replica(), await replica()]
}

function post (app: FastifyInstance, prefix: string, sid: string) {
  const { payload, headers } = activationForm()
  return app.inject({ method: 'POST', url: `${prefix}/v1/${sid}/whatsapp/activation`, payload, headers: { ...headers, 'api-key': API_KEY } })
}

describe('namespaces on two replicas sharing one Redis', () => {
  it('give one I102 per namespace among concurrent requests for one SID spread over both replicas and three namespaces', async () => {
    const replicas = await twoReplicas()
    const prefixes = ['/ns/a', '/ns/b', '']
    const answers = await Promise.all(Array.from({ length: 90 }, (_, i) => post(replicas[i % 2], prefixes[i % 3], 'HXSHARED').then((answer) => ({ prefix: prefixes[i % 3], status: answer.statusCode }))))
    for (const prefix of prefixes) {
      expect(answers.filter((answer) => answer.prefix === prefix && answer.status === 200)).toHaveLength(1)
      expect(answers.filter((answer) => answer.prefix === prefix && answer.status === 400)).toHaveLength(29)
    }
  })

  it('count ids per namespace across replicas', async () => {
    const [a, b] = await twoReplicas()
    const ids = []
    for (const [replica, prefix, sid] of [[a, '/ns/x', 'HX1'], [b, '/ns/x', 'HX2'], [b, '/ns/y', 'HX1'], [a, '', 'HX9']] as const) {
      ids.push((await post(replica, prefix, sid)).json().data[0].business_details.id)
    }
    expect(ids).toEqual([1, 2, 1, 1])
  })

  it('list and drop namespaces made through either replica', async () => {
    const [a, b] = await twoReplicas()
    await post(a, '/ns/left', 'HXL')
    await b.inject({ method: 'PUT', url: '/ns/right/__admin/accounts/HXR', payload: { state: 'active_channel' } })
    await post(b, '', 'HXROOT')
    expect((await a.inject({ method: 'GET', url: '/__admin/namespaces' })).json()).toEqual({ namespaces: ['left', 'right'] })
    expect((await b.inject({ method: 'DELETE', url: '/ns/left/__admin/reset' })).json()).toEqual({ status: 'reset' })
    expect((await a.inject({ method: 'GET', url: '/__admin/namespaces' })).json()).toEqual({ namespaces: ['right'] })
    expect((await a.inject({ method: 'GET', url: '/ns/left/__admin/requests' })).json().total).toBe(0)
    expect((await post(a, '/ns/left', 'HXL')).statusCode).toBe(200)
    expect((await a.inject({ method: 'GET', url: '/ns/right/__admin/accounts/HXR' })).json().state).toBe('active_channel')
    expect((await b.inject({ method: 'GET', url: '/__admin/accounts/HXROOT' })).json().state).toBe('submitted')
  })

  it('keep a namespace\'s faults to that namespace on both replicas', async () => {
    const [a, b] = await twoReplicas()
    await a.inject({ method: 'POST', url: '/ns/faulty/__admin/faults', payload: { kind: 'status', status: 503, times: 2 } })
    expect((await post(b, '/ns/calm', 'HXC')).statusCode).toBe(200)
    expect((await post(b, '/ns/faulty', 'HXF')).statusCode).toBe(503)
    expect((await post(a, '/ns/faulty', 'HXF')).statusCode).toBe(503)
    expect((await post(a, '/ns/faulty', 'HXF')).statusCode).toBe(200)
  })
})

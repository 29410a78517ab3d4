import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { buildTestApp, postForm, VALID_FIELDS } from '../support/helpers.js'
import { startRedisProxy, type RedisProxy } from '../support/redis-proxy.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

const TIMEOUT_MS = 1000
/** In the commit only: the claim's first step carries the SID and a token, the commit the activation built from the fields. */
const COMMIT = VALID_FIELDS.display_name!
/** In the first step only: the key of the id counters. */
const CLAIM = 'counters'

let redis: RedisServer
let proxy: RedisProxy
const apps: FastifyInstance[] = []
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
  await proxy?.close()
})

/** A mock whose Redis connection goes through the proxy, and one that reaches Redis directly (another replica). */
async function replicas (timeoutMs = TIMEOUT_MS): Promise<{ proxied: FastifyInstance, direct: FastifyInstance, prefix: string }> {
  proxy = await startRedisProxy(redis.port)
  const prefix = `window-${randomUUID()}:`
  const proxied = await buildTestApp({ state: await createRedisState({ url: proxy.url, prefix, timeoutMs }) })
  const direct = await buildTestApp({ state: await createRedisState({ url: redis.url, prefix, timeoutMs: TIMEOUT_MS }) })
  apps.push(proxied, direct)
  return { proxied, direct, prefix }
}

async function answer (app: FastifyInstance, sid: string): Promise<[number, string]> {
  const response = await postForm(app, sid)
  return [response.statusCode, response.json().error?.code ?? response.json().code]
}

describe('a claim whose reply is lost with its connection', () => {
  it('answers the commit\'s verdict, learned again on the next connection: 200, and every replica sees the account used', async () => {
    // Room for the reconnection (100 ms) on a loaded machine: what remains of the deadline is the settling's.
    const { proxied, direct } = await replicas(TIMEOUT_MS * 5)
    const dropped = proxy.dropAfter(COMMIT)
    expect(await answer(proxied, 'HXLOSTCOMMIT')).toEqual([200, 'I102'])
    await dropped
    expect(await answer(direct, 'HXLOSTCOMMIT')).toEqual([400, 'E937'])
  })

  it('answers 503 when Redis cannot be asked again before the deadline, and the claim is given back once it can', async () => {
    const { proxied, direct } = await replicas()
    const dropped = proxy.dropAfter(COMMIT, TIMEOUT_MS * 1.5)
    expect(await answer(proxied, 'HXCUTOFF')).toEqual([503, 'E503'])
    await dropped
    // The release waits for the proxied replica's next connection; then every replica finds the account fresh.
    const until = performance.now() + TIMEOUT_MS * 5
    while ((await direct.state.accounts.get('HXCUTOFF')).state !== 'fresh' && performance.now() < until) await sleep(50)
    expect(await direct.state.accounts.get('HXCUTOFF')).toEqual({ sid: 'HXCUTOFF', state: 'fresh' })
    expect(await answer(direct, 'HXCUTOFF')).toEqual([200, 'I102'])
  })

  it('answers 503 for a first step whose reply was lost, and the unfinalised claim is fresh to every replica past its deadline, then removed', async () => {
    const { proxied, direct, prefix } = await replicas()
    const dropped = proxy.dropAfter(CLAIM, TIMEOUT_MS * 1.5)
    expect(await answer(proxied, 'HXLOSTCLAIM')).toEqual([503, 'E503'])
    await dropped
    expect(await direct.state.accounts.get('HXLOSTCLAIM')).toEqual({ sid: 'HXLOSTCLAIM', state: 'fresh' })
    expect([await redis.command('EXISTS', `${prefix}account:HXLOSTCLAIM`), await redis.command('SISMEMBER', `${prefix}accounts`, 'HXLOSTCLAIM')]).toEqual([0, 0])
    expect(await answer(direct, 'HXLOSTCLAIM')).toEqual([200, 'I102'])
  })
})

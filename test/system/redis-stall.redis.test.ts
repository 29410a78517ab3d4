import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { ACCOUNT_SCRIPTS } from '../../server/accounts/account-scripts.js'
import { defineScripts } from '../../server/platform/redis-scripts.js'
import { StoreError, UNAVAILABLE_DETAIL } from '../../server/platform/store-error.js'
import type { MockState } from '../../server/state/mock-state.js'
import { API_KEY, activationForm, activationPath, buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'
import { activationFor } from '../support/activations.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

const UNAVAILABLE = readJsonFixture('responses/inferred/store-unavailable.json')
const TIMEOUT_MS = 1000
/** Longer than the timeout, so the request has its 503 while Redis still holds its commands. */
const STALL_MS = 1600

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })
afterEach(() => { redis.resume() })

async function redisState (prefix = `stall-${randomUUID()}:`): Promise<MockState> {
  return createRedisState({ url: redis.url, prefix, timeoutMs: TIMEOUT_MS })
}

async function redisApp (): Promise<FastifyInstance> {
  return buildTestApp({ state: await redisState() })
}

/**
 * An activation whose body the test sends when it chooses. `reading` resolves once the server
 * asks for the body: the fault lookup and the api-key check are done, the claim comes next.
 */
function heldActivation (app: FastifyInstance, sid: string): { reading: Promise<void>, response: Promise<LightMyRequestResponse>, send: () => void } {
  const { payload, headers } = activationForm()
  let started!: () => void
  const reading = new Promise<void>((resolve) => { started = resolve })
  const body = new Readable({ read () { started() } })
  const response = app.inject({ method: 'POST', url: activationPath(sid), headers: { ...headers, 'api-key': API_KEY }, payload: body })
  return { reading, response, send () { body.push(payload); body.push(null) } }
}

/** Redis has run what it held during a stall once a write from another connection is answered (CLIENT PAUSE WRITE lets reads through). */
async function untilRedisAnswers (): Promise<void> {
  await redis.command('SET', 'stall-probe', '1')
}

async function expectFreshAndClaimable (app: FastifyInstance, sid: string): Promise<void> {
  expect(await app.state.accounts.get(sid)).toEqual({ sid, state: 'fresh' })
  const retry = await postForm(app, sid)
  expect([retry.statusCode, retry.json().code]).toEqual([200, 'I102'])
}

describe('a claim answered with an error', () => {
  it.each(['ALL', 'WRITE'] as const)('never takes effect when Redis runs it after the 503 (CLIENT PAUSE %s)', async (mode) => {
    const app = await redisApp()
    const request = heldActivation(app, 'HXPAUSED')
    await request.reading
    await redis.clientPause(STALL_MS, mode)
    request.send()
    const response = await request.response
    expect([response.statusCode, response.json()]).toEqual([503, UNAVAILABLE])
    await untilRedisAnswers()
    await expectFreshAndClaimable(app, 'HXPAUSED')
  })

  it('never takes effect when Redis was frozen (SIGSTOP) while the claim waited', async () => {
    const app = await redisApp()
    const request = heldActivation(app, 'HXSTOPPED')
    await request.reading
    redis.pause()
    request.send()
    const response = await request.response
    expect([response.statusCode, response.json()]).toEqual([503, UNAVAILABLE])
    redis.resume()
    await untilRedisAnswers()
    await expectFreshAndClaimable(app, 'HXSTOPPED')
  })

  it('gives the account back when Redis freezes between taking it and storing its activation', async () => {
    const state = await redisState()
    const claiming = state.accounts.claim('HXBETWEEN', (ids) => {
      redis.pause()
      return activationFor('HXBETWEEN', ids)
    })
    await expect(claiming).rejects.toThrow(new StoreError('timeout', UNAVAILABLE_DETAIL))
    redis.resume()
    await untilRedisAnswers()
    expect(await state.accounts.get('HXBETWEEN')).toEqual({ sid: 'HXBETWEEN', state: 'fresh' })
    expect(await state.accounts.claim('HXBETWEEN', (ids) => activationFor('HXBETWEEN', ids))).toMatchObject({ claimed: true })
    await state.close()
  })

  it('refuses to take an account once the deadline it was given has passed by Redis\'s clock', async () => {
    const prefix = `stall-${randomUUID()}:`
    const state = await redisState(prefix)
    const client = new Redis(redis.url)
    const run = defineScripts(client, ACCOUNT_SCRIPTS)
    const [seconds, micros] = await client.time()
    const past = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1
    const refused = await run('mockClaim', [`${prefix}account:HXLATE`, `${prefix}accounts`, `${prefix}counters`], ['HXLATE', 'late-token', past]) as number[]
    client.disconnect()
    expect(refused[0]).toBe(-1)
    expect(await state.accounts.snapshot()).toEqual({ accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } })
    await state.close()
  })

  it('counts a taken account whose activation never arrived as fresh once the claim\'s deadline has passed', async () => {
    const prefix = `stall-${randomUUID()}:`
    const state = await redisState(prefix)
    // The first step of a claim, as a replica that then died would have left it.
    const client = new Redis(redis.url)
    const run = defineScripts(client, ACCOUNT_SCRIPTS)
    const [seconds, micros] = await client.time()
    const deadline = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) + 200
    const taken = await run('mockClaim', [`${prefix}account:HXORPHAN`, `${prefix}accounts`, `${prefix}counters`], ['HXORPHAN', 'lost-token', deadline]) as number[]
    expect(taken[0]).toBe(1)
    client.disconnect()
    await sleep(300)
    expect(await state.accounts.get('HXORPHAN')).toEqual({ sid: 'HXORPHAN', state: 'fresh' })
    expect((await state.accounts.snapshot()).accounts).toEqual([])
    expect(await state.accounts.claim('HXORPHAN', (ids) => activationFor('HXORPHAN', ids))).toMatchObject({ claimed: true })
    await state.close()
  })
})

/** The status and how long the request took, in milliseconds. */
async function timed (ask: () => Promise<{ statusCode: number }>): Promise<[number, number]> {
  const started = performance.now()
  const response = await ask()
  return [response.statusCode, performance.now() - started]
}

// A guard against waiting once per step (two or three timeouts), with room for a loaded machine.
const WITHIN = TIMEOUT_MS * 1.5

describe('one request, one wait on a frozen Redis', () => {
  it('answers an activation 503 within one store timeout, though it looks up faults, claims and journals', async () => {
    const app = await redisApp()
    redis.pause()
    const [status, ms] = await timed(() => postForm(app, 'HXONCE'))
    expect(status).toBe(503)
    expect(ms).toBeLessThan(WITHIN)
  })

  it('answers an activation whose claim waits 503 within one store timeout, though the journal write comes after', async () => {
    const app = await redisApp()
    const request = heldActivation(app, 'HXCLAIMWAIT')
    await request.reading
    redis.pause()
    const started = performance.now()
    request.send()
    const response = await request.response
    expect(response.statusCode).toBe(503)
    expect(performance.now() - started).toBeLessThan(WITHIN)
  })

  it('still journals a request answered 503, once Redis answers again', async () => {
    const app = await redisApp()
    redis.pause()
    const response = await postForm(app, 'HXJOURNALED')
    expect(response.statusCode).toBe(503)
    redis.resume()
    await untilRedisAnswers()
    const page = await app.state.journal.list({ sid: 'HXJOURNALED' })
    expect(page.entries.map((entry) => [entry.sid, entry.status, entry.code])).toEqual([['HXJOURNALED', 503, 'E503']])
  })

  it('answers an unknown route within one store timeout', async () => {
    const app = await redisApp()
    redis.pause()
    const [status, ms] = await timed(() => app.inject({ method: 'GET', url: '/v1/nowhere' }))
    expect(status).toBe(404)
    expect(ms).toBeLessThan(WITHIN)
  })

  it('answers each admin call 503 within one store timeout', async () => {
    const app = await redisApp()
    const snapshot = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const calls = [
      { method: 'GET', url: '/__admin/health' },
      { method: 'GET', url: '/__admin/accounts/HXADMIN' },
      { method: 'PUT', url: '/__admin/accounts/HXADMIN', payload: { state: 'submitted' } },
      { method: 'POST', url: '/__admin/reset' },
      { method: 'GET', url: '/__admin/requests' },
      { method: 'GET', url: '/__admin/snapshot' },
      { method: 'PUT', url: '/__admin/snapshot', payload: snapshot },
      { method: 'POST', url: '/__admin/faults', payload: { kind: 'status', status: 500 } },
      { method: 'DELETE', url: '/__admin/faults' },
      { method: 'POST', url: '/__admin/provider-states', payload: { state: 'account {sid} has already submitted an activation request', params: { sid: 'HXADMIN' } } },
    ] as const
    // Once while Redis answers: the admin API compiles its validators on first use, which is not store time.
    for (const call of calls) expect((await app.inject(call)).statusCode, `${call.method} ${call.url}`).toBeLessThan(300)
    redis.pause()
    const answers = await Promise.all(calls.map((call) => timed(() => app.inject(call))))
    for (const [i, [status, ms]] of answers.entries()) {
      const call = `${calls[i].method} ${calls[i].url}`
      expect(status, call).toBe(503)
      expect(ms, call).toBeLessThan(WITHIN)
    }
  })

  // The first step waits on a frozen Redis for 0.6 of the timeout and succeeds; then Redis freezes again.
  // With one wait for the whole call the second step has only what is left (503 at one timeout); with a
  // wait per step it had a full timeout of its own, and the call answered after 1.6 timeouts.
  it.each([
    ['PUT /__admin/snapshot (restore, then read back)', 'PUT', '/__admin/snapshot', 'accounts', 'restore'],
    ['DELETE /__admin/faults (clear, then list)', 'DELETE', '/__admin/faults', 'faults', 'clear'],
  ] as const)('answers %s 503 within one store timeout when its first step took most of it', async (_, method, url, part, firstStep) => {
    const state = await redisState()
    const store = state[part] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
    const step = store[firstStep].bind(store)
    let frozenAfterFirstStep = false
    // The real step, given what the route gives it; Redis freezes as soon as it is done.
    store[firstStep] = async (...args) => {
      const result = await step(...args)
      if (frozenAfterFirstStep) redis.pause()
      return result
    }
    const app = await buildTestApp({ state })
    const snapshot = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const call = { method, url, ...(method === 'PUT' ? { payload: snapshot } : {}) }
    // Once while Redis answers: the admin API compiles its validators on first use, which is not store time.
    expect((await app.inject(call)).statusCode).toBe(200)

    frozenAfterFirstStep = true
    redis.pause()
    const answer = timed(() => app.inject(call))
    await sleep(TIMEOUT_MS * 0.6)
    redis.resume()
    const [status, ms] = await answer
    expect(status).toBe(503)
    expect(ms).toBeLessThan(WITHIN)
  })

  it('does not count the time a client takes to send its body against the store timeout', async () => {
    const app = await redisApp()
    const request = heldActivation(app, 'HXSLOWBODY')
    await request.reading
    await sleep(TIMEOUT_MS * 1.2)
    request.send()
    const response = await request.response
    expect([response.statusCode, response.json().code]).toEqual([200, 'I102'])
  })

  it('drops the connection to a Redis frozen for twice the timeout, answering 503 at once until it wakes, then recovers', async () => {
    const app = await redisApp()
    redis.pause()
    expect((await postForm(app, 'HXLONGFREEZE')).statusCode).toBe(503)
    await sleep(TIMEOUT_MS * 2.5)
    // No longer waiting on a connection nothing answers: commands are refused, not kept.
    const [status, ms] = await timed(() => postForm(app, 'HXLONGFREEZE'))
    expect(status).toBe(503)
    expect(ms).toBeLessThan(TIMEOUT_MS / 2)
    redis.resume()
    let answer = 0
    for (let tries = 0; tries < 100 && answer !== 200; tries++) {
      answer = (await postForm(app, 'HXLONGFREEZE')).statusCode
      if (answer !== 200) await sleep(100)
    }
    expect(answer).toBe(200)
  })
})

import { describe, expect, it } from 'vitest'
import { API_KEY, readJsonFixture } from '../support/helpers.js'
import { startTestServer } from '../support/server-helpers.js'
import { sampleDelay } from '../../server/faults/fault-answers.js'
import { retryingSubmit } from '../support/retrying-client.js'

describe('faults against a real retrying client', () => {
  it('a sequence [503, 503, pass] for one SID: the client gets I102 on its third try, and the journal says what each step did', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'sequence', sid: 'HXSEQ', steps: [{ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'pass' }] })
    const { response, attempts } = await retryingSubmit(mock.url, 'HXSEQ')
    expect(attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200])
    expect((await response!.json() as { code: string }).code).toBe('I102')
    const { entries } = await mock.admin.requests({ sid: 'HXSEQ' })
    expect(entries.reverse().map((entry) => [entry.status, entry.rule, entry.fault?.step, entry.fault?.did])).toEqual([
      [503, 'fault_status', 1, 'answered 503 E503'],
      [503, 'fault_status', 2, 'answered 503 E503'],
      [200, null, 3, 'let the request through to its normal answer'],
    ])
    expect(await mock.admin.faults()).toEqual([])
  })

  it('a 429 with Retry-After: 1 makes the client wait a second before its retry', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'status', status: 429, retryAfter: 1, sid: 'HXRATE' })
    const { attempts } = await retryingSubmit(mock.url, 'HXRATE')
    expect(attempts.map((attempt) => attempt.status)).toEqual([429, 200])
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000)
    const [, limited] = (await mock.admin.requests({ sid: 'HXRATE' })).entries
    expect(limited.fault).toEqual({ id: expect.any(String), kind: 'status', retryAfter: 1, did: 'answered 429 E429 with Retry-After: 1' })
  })

  it('a hang is cut by the client\'s own timeout, and its retry is answered normally', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'hang', sid: 'HXHANG' })
    const { attempts } = await retryingSubmit(mock.url, 'HXHANG', { timeoutMs: 300 })
    expect(attempts.map((attempt) => attempt.status)).toEqual(['timeout', 200])
    const [, hung] = (await mock.admin.requests({ sid: 'HXHANG' })).entries
    expect(hung).toMatchObject({ status: 0, code: null, rule: 'fault_hang' })
    expect(hung.fault?.did).toMatch(/^hung \d+ ms until the client closed the connection, and sent nothing$/)
  })

  it('a hang ends at the request timeout when the client waits forever', async () => {
    const mock = await startTestServer({ limits: { requestTimeoutMs: 300 } })
    await mock.admin.addFault({ kind: 'hang' })
    const started = Date.now()
    const { attempts } = await retryingSubmit(mock.url, 'HXLONG', { attempts: 1 })
    expect(attempts.map((attempt) => attempt.status)).toEqual(['network'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    const [hung] = (await mock.admin.requests()).entries
    expect(hung.fault?.did).toMatch(/until the request timeout passed/)
  })

  it.each([
    [408, 'responses/inferred/request-timeout.json'],
    [429, 'responses/inferred/too-many-requests.json'],
    [500, 'responses/inferred/internal-error.json'],
    [502, 'responses/inferred/bad-gateway.json'],
    [503, 'responses/inferred/service-unavailable.json'],
    [504, 'responses/inferred/gateway-timeout.json'],
  ])('a status fault answers %i with the catalogue\'s envelope', async (status, fixture) => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'status', status: status as 500 })
    const { attempts, response } = await retryingSubmit(mock.url, 'HXSTATUS', { attempts: 1 })
    expect(attempts[0].status).toBe(status)
    expect(response).toBeUndefined()
    const again = await fetch(`${mock.url}/v1/HXSTATUS/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } })
    expect(again.status).toBe(400)
    await mock.admin.addFault({ kind: 'status', status: status as 500 })
    const faulted = await fetch(`${mock.url}/v1/HXSTATUS/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY } })
    expect(await faulted.json()).toEqual(readJsonFixture(fixture))
    expect(faulted.headers.get('retry-after')).toBeNull()
  })

  it('answers E937 to the next two requests without touching the account, then the real answer', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'answer', answer: 'already_submitted', sid: 'HXE937', times: 2 })
    const first = await retryingSubmit(mock.url, 'HXE937')
    expect(first.attempts.map((attempt) => attempt.status)).toEqual([400])
    expect(await first.response!.json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
    expect((await retryingSubmit(mock.url, 'HXE937')).attempts.map((attempt) => attempt.status)).toEqual([400])
    expect((await mock.admin.account('HXE937')).state).toBe('fresh')
    expect((await retryingSubmit(mock.url, 'HXE937')).attempts.map((attempt) => attempt.status)).toEqual([200])
  })

  it('answers a given field\'s validation error', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'answer', answer: 'validation', parameter: 'business_id', rule: 'integer' })
    const { response } = await retryingSubmit(mock.url, 'HXFIELD')
    expect(await response!.json()).toEqual(readJsonFixture('responses/inferred/business-id-not-integer.json'))
    const [entry] = (await mock.admin.requests()).entries
    expect(entry).toMatchObject({ code: 'E413', rule: 'fault_answer', parameter: 'business_id', fault: { kind: 'answer', did: 'answered 400 E413' } })
  })

  it('a delay until cleared slows every request until the faults are cleared', async () => {
    const mock = await startTestServer()
    const fault = await mock.admin.addFault({ kind: 'delay', delay: { distribution: 'uniform', min: 100, max: 150 }, untilCleared: true })
    expect(fault).toEqual({ id: expect.any(String), kind: 'delay', sid: null, remaining: null, delay: { distribution: 'uniform', min: 100, max: 150 } })
    for (const sid of ['HXD1', 'HXD2', 'HXD3']) {
      const started = Date.now()
      await retryingSubmit(mock.url, sid)
      expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    }
    const delays = (await mock.admin.requests()).entries.map((entry) => Number(/by (\d+) ms/.exec(entry.fault?.did ?? '')?.[1]))
    expect(delays.every((ms) => ms >= 100 && ms <= 150)).toBe(true)
    expect(await mock.admin.faults()).toHaveLength(1)
    await mock.admin.clearFaults()
    expect((await mock.admin.requests({ limit: 1 })).entries[0].fault).toBeDefined()
    await retryingSubmit(mock.url, 'HXD4')
    expect((await mock.admin.requests({ limit: 1 })).entries[0].fault).toBeUndefined()
  })

  it('a SID\'s own fault goes before an older one for every SID', async () => {
    const mock = await startTestServer()
    await mock.admin.addFault({ kind: 'delay', delayMs: 0, untilCleared: true })
    await mock.admin.addFault({ kind: 'status', status: 502, sid: 'HXOWN' })
    expect((await retryingSubmit(mock.url, 'HXOWN', { attempts: 1 })).attempts[0].status).toBe(502)
    expect((await retryingSubmit(mock.url, 'HXOTHER', { attempts: 1 })).attempts[0].status).toBe(200)
  })
})

describe('delay distributions', () => {
  /** A small seeded generator (mulberry32), so the draws are the same on every run. */
  function seeded (seed: number): () => number {
    let a = seed
    return () => {
      a = (a + 0x6D2B79F5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const draws = (delay: Parameters<typeof sampleDelay>[0]): number[] => {
    const random = seeded(7)
    return Array.from({ length: 4001 }, () => sampleDelay(delay, 60_000, random)).sort((a, b) => a - b)
  }

  it('draws a fixed delay exactly, a uniform one within its bounds and a lognormal one around its median', () => {
    expect(new Set(draws({ delay: { distribution: 'fixed', ms: 250 } }))).toEqual(new Set([250]))
    expect(new Set(draws({ delayMs: 40 }))).toEqual(new Set([40]))
    const uniform = draws({ delay: { distribution: 'uniform', min: 100, max: 300 } })
    expect(uniform[0]).toBeGreaterThanOrEqual(100)
    expect(uniform.at(-1)).toBeLessThanOrEqual(300)
    expect(Math.abs(uniform[2000] - 200)).toBeLessThan(10)
    const lognormal = draws({ delay: { distribution: 'lognormal', median: 200, sigma: 0.5 } })
    expect(Math.abs(lognormal[2000] - 200)).toBeLessThan(12)
    // e^(0.5 × 1.645) ≈ 2.28: the 95th percentile is about 456 ms.
    expect(lognormal[3800]).toBeGreaterThan(400)
    expect(lognormal[3800]).toBeLessThan(520)
  })

  it('never draws past the cap', () => {
    expect(Math.max(...draws({ delay: { distribution: 'lognormal', median: 50_000, sigma: 3 } }))).toBe(60_000)
  })
})

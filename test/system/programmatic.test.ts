import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
// What a client team imports: the package's entry (package.json "exports" points at its build).
import { startMockServer, type MockServer, type MockServerOptions } from '../../server/index.js'
import { FIXTURES } from '../support/helpers.js'

/** A stand-in for the client team's code under test: it only knows a base URL, and uses the platform's fetch as a client would. */
async function submitActivation (baseUrl: string, sid: string, apiKey: string): Promise<{ status: number, code: string }> {
  const form = new FormData()
  form.set('display_name', 'Acme')
  form.set('wa_number', '+13236621127')
  form.set('business_id', '1234567891')
  form.set('business_name', 'Acme Inc')
  form.set('business_certificate', new Blob([readFileSync(join(FIXTURES, 'certificates', 'certificate.pdf'))], { type: 'application/pdf' }), 'acme.pdf')
  const response = await fetch(`${baseUrl}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': apiKey }, body: form })
  const body = await response.json() as { code: string, error: { code?: string } }
  return { status: response.status, code: body.error.code ?? body.code }
}

describe('startMockServer, used from a client team\'s test suite', () => {
  let mock: MockServer

  beforeAll(async () => { mock = await startMockServer({ seed: 'client-team', now: () => Date.UTC(2026, 0, 15) }) })
  afterAll(async () => { await mock.close() })
  beforeEach(async () => { await mock.admin.reset() })

  it('listens on a free local port and names it in its url', async () => {
    expect(mock.port).toBe((mock.app.server.address() as AddressInfo).port)
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`)
    await request(mock.url).get('/__admin/health').expect(200)
  })

  it('creates an activation once, then answers E937', async () => {
    expect(await submitActivation(mock.url, 'HXTEAM', 'key')).toEqual({ status: 200, code: 'I102' })
    expect(await submitActivation(mock.url, 'HXTEAM', 'key')).toEqual({ status: 400, code: 'E937' })
    const account = await mock.admin.account('HXTEAM')
    expect(account).toMatchObject({ sid: 'HXTEAM', state: 'submitted', activation: { business_details: { business_name: 'Acme Inc', created_at: '1768435200' } } })
  })

  it('starts every test from a clean slate after admin.reset()', async () => {
    expect(await submitActivation(mock.url, 'HXTEAM', 'key')).toEqual({ status: 200, code: 'I102' })
    expect((await mock.admin.requests()).total).toBe(1)
  })

  it('seeds an account that already has an active channel', async () => {
    await mock.admin.seedAccount('HXACTIVE', 'active_channel')
    expect(await submitActivation(mock.url, 'HXACTIVE', 'key')).toEqual({ status: 400, code: 'E937' })
    await mock.admin.resetAccount('HXACTIVE')
    expect(await submitActivation(mock.url, 'HXACTIVE', 'key')).toEqual({ status: 200, code: 'I102' })
  })

  it('lets the team check what its client sent', async () => {
    await submitActivation(mock.url, 'HXSENT', 'key')
    const { entries } = await mock.admin.requests({ sid: 'HXSENT' })
    expect(entries).toHaveLength(1)
    expect(entries[0].fields).toMatchObject({ display_name: 'Acme', business_name: 'Acme Inc' })
    expect(entries[0].certificate).toMatchObject({ filename: 'acme.pdf', declaredType: 'application/pdf', sniffedType: 'pdf' })
    await submitActivation(mock.url, 'HXSENT', 'key')
    const newer = await mock.admin.requests({ since: entries[0].seq })
    expect(newer.entries.map((entry) => [entry.seq, entry.code])).toEqual([[entries[0].seq + 1, 'E937']])
  })

  it('injects a 503 to test the client\'s retries', async () => {
    await mock.admin.addFault({ kind: 'status', status: 503, sid: 'HXRETRY' })
    expect(await submitActivation(mock.url, 'HXRETRY', 'key')).toEqual({ status: 503, code: 'E503' })
    expect(await submitActivation(mock.url, 'HXRETRY', 'key')).toEqual({ status: 200, code: 'I102' })
  })

  it('throws from an admin helper with the answer when the admin API refuses', async () => {
    await expect(mock.admin.seedAccount('HX', 'bogus' as 'fresh')).rejects.toThrow(/PUT \/__admin\/accounts\/HX answered 400: .*must be one of: fresh, submitted, active_channel/)
  })
})

describe('startMockServer with an admin token', () => {
  it('sends the token from its admin helpers, while others need it', async () => {
    const mock = await startMockServer({ adminToken: 'team-token' })
    try {
      await mock.admin.seedAccount('HXT', 'submitted')
      await request(mock.url).get('/__admin/accounts/HXT').expect(401)
      const account = await request(mock.url).get('/__admin/accounts/HXT').set('authorization', 'Bearer team-token').expect(200)
      expect(account.body).toEqual({ sid: 'HXT', state: 'submitted', activation: null })
    } finally {
      await mock.close()
    }
  })

  it('frees its port on close', async () => {
    const mock = await startMockServer()
    await mock.close()
    await expect(request(mock.url).get('/__admin/health')).rejects.toThrow('ECONNREFUSED')
  })
})

describe('startMockServer\'s options', () => {
  it.each([
    ['an ISO 8601 date', '2026-01-15T12:00:00Z'],
    ['epoch seconds, as --now takes them', '1768478400'],
    ['a Date', new Date(Date.UTC(2026, 0, 15, 12))],
    ['a function', () => Date.UTC(2026, 0, 15, 12)],
  ])('takes now as %s and stamps the activation with it', async (_form, now) => {
    const mock = await startMockServer({ now })
    try {
      expect(await submitActivation(mock.url, 'HXNOW', 'key')).toEqual({ status: 200, code: 'I102' })
      expect((await mock.admin.account('HXNOW')).activation?.business_details.created_at).toBe('1768478400')
    } finally {
      await mock.close()
    }
  })

  it.each([
    [{ now: 1768478400 }, 'startMockServer: now must be a function returning epoch milliseconds, a Date, or a string of epoch seconds or an ISO 8601 date; got 1768478400.'],
    [{ now: 'tomorrow' }, 'startMockServer: now must be a function returning epoch milliseconds, a Date, or a string of epoch seconds or an ISO 8601 date; got "tomorrow".'],
    [{ now: new Date('not a date') }, 'startMockServer: now must be a function returning epoch milliseconds, a Date, or a string of epoch seconds or an ISO 8601 date; got an object.'],
    [{ port: 70000 }, 'startMockServer: port must be a whole number from 0 to 65535; got "70000".'],
    [{ port: '8080' }, 'startMockServer: port must be a number; got "8080".'],
    [{ journalSize: 0 }, 'startMockServer: journalSize must be a whole number from 1 to 1000000; got "0".'],
    [{ journalSize: 2.5 }, 'startMockServer: journalSize must be a whole number from 1 to 1000000; got "2.5".'],
    [{ host: '' }, 'startMockServer: host must be a non-empty string; got "".'],
    [{ seed: 42 }, 'startMockServer: seed must be a non-empty string; got 42.'],
    [{ adminToken: '' }, 'startMockServer: adminToken must be a non-empty string; got "".'],
    [{ accounts: [{ sid: 'HX1' }] }, 'startMockServer: accounts must be a list of { sid, apiKey } with non-empty strings; got an array.'],
    [{ limits: { bodyBytes: 10 } }, 'startMockServer: limits.bodyBytes must be a whole number from 1024 to 1073741824; got "10".'],
    [{ limits: { bodyBytes: 4096, certificateBytes: 8192 } }, 'startMockServer: limits.certificateBytes (8192) must be at most limits.bodyBytes (4096).'],
    [{ limits: { bodySize: 4096 } }, 'startMockServer: limits.bodySize is not a limit; the limits are bodyBytes, certificateBytes, requestTimeoutMs, parts, fieldBytes, headerBytes, requestHeaderBytes.'],
    [{ state: {} }, 'startMockServer: state must be a MockState with accounts, journal, faults, keys, health, close; got an object.'],
    [{ jounralSize: 5 }, 'startMockServer: unknown option "jounralSize"; the options are port, host, seed, now, journalSize, adminToken, allowedHosts, accounts, limits, logger, state.'],
  ])('refuses %j at start, naming the option and what it takes', async (options, message) => {
    await expect(startMockServer(options as MockServerOptions)).rejects.toThrow(new TypeError(message))
  })

  it('reports in total only the requests of the SID it is asked about', async () => {
    const mock = await startMockServer()
    try {
      await submitActivation(mock.url, 'HXONE', 'key')
      await submitActivation(mock.url, 'HXTWO', 'key')
      await submitActivation(mock.url, 'HXONE', 'key')
      expect((await mock.admin.requests({ sid: 'HXONE', limit: 1 })).total).toBe(2)
      expect((await mock.admin.requests()).total).toBe(3)
    } finally {
      await mock.close()
    }
  })
})

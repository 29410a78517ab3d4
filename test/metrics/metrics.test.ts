import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../server/platform/store-error.js'
import { LATENCY_BUCKETS, MAX_NAMESPACE_SERIES } from '../../server/metrics/request-tally.js'
import { createMemoryState } from '../../server/state/mock-state.js'
import { buildTestApp, postActivation, postForm } from '../support/helpers.js'
import { parsePrometheusText, type MetricFamily, type Sample } from '../support/prometheus-text.js'

async function scrape (app: FastifyInstance, headers: Record<string, string> = {}): Promise<MetricFamily[]> {
  const response = await app.inject({ method: 'GET', url: '/__admin/metrics', headers })
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
  return parsePrometheusText(response.body)
}

function family (families: MetricFamily[], name: string): MetricFamily {
  const found = families.find((candidate) => candidate.name === name)
  if (found === undefined) throw new Error(`no metric ${name} in ${families.map((f) => f.name).join(', ')}`)
  return found
}

/** A family's samples as "labels → value", for whole-value comparisons. */
function values (samples: Sample[]): Record<string, number> {
  return Object.fromEntries(samples.map((sample) => [JSON.stringify(sample.labels), sample.value]))
}

function postJson (app: FastifyInstance, url: string, body: unknown) {
  return app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'api-key': 'k' } })
}

describe('GET /__admin/metrics', () => {
  it('counts the endpoint\'s requests by namespace, status, inner code and rule, and the accounts claimed', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXMETRIC1')
    await postForm(app, 'HXMETRIC1')
    await postForm(app, 'HXMETRIC2')
    await postJson(app, '/v1/HXMETRIC3/whatsapp/activation', {})
    await postActivation(app, { sid: 'HXMETRIC4', headers: { 'api-key': '' } })
    await postJson(app, '/ns/team-a/v1/HXMETRIC1/whatsapp/activation', {})
    const families = await scrape(app)
    expect(family(families, 'kaleyra_mock_requests_total')).toMatchObject({ type: 'counter' })
    expect(values(family(families, 'kaleyra_mock_requests_total').samples)).toEqual({
      '{"mock_namespace":"","status":"200","code":"I102","rule":""}': 2,
      '{"mock_namespace":"","status":"400","code":"E937","rule":"already_submitted"}': 1,
      '{"mock_namespace":"","status":"400","code":"E413","rule":"required"}': 1,
      '{"mock_namespace":"","status":"401","code":"E401","rule":"api_key_missing"}': 1,
      '{"mock_namespace":"team-a","status":"400","code":"E413","rule":"required"}': 1,
    })
    expect(values(family(families, 'kaleyra_mock_accounts_claimed_total').samples)).toEqual({ '{"mock_namespace":""}': 2 })
  })

  it('has a latency histogram per namespace whose buckets add up to its count', async () => {
    const app = await buildTestApp()
    for (let i = 0; i < 3; i++) await postForm(app, `HXLATENCY${i}`)
    await postJson(app, '/ns/team-b/v1/HXLATENCY/whatsapp/activation', {})
    const histogram = family(await scrape(app), 'kaleyra_mock_request_duration_seconds')
    expect(histogram.type).toBe('histogram')
    for (const [namespace, requests] of [['', 3], ['team-b', 1]] as const) {
      const own = histogram.samples.filter((sample) => sample.labels.mock_namespace === namespace)
      const buckets = own.filter((sample) => sample.name.endsWith('_bucket'))
      expect(buckets.map((sample) => sample.labels.le)).toEqual([...LATENCY_BUCKETS.map(String), '+Inf'])
      // Cumulative, ending at the count.
      expect(buckets.map((sample) => sample.value)).toEqual(buckets.map((sample) => sample.value).sort((a, b) => a - b))
      expect(buckets.at(-1)?.value).toBe(requests)
      expect(own.find((sample) => sample.name.endsWith('_count'))?.value).toBe(requests)
      // Fastify times each reply even without a logger: a request takes some time.
      expect(own.find((sample) => sample.name.endsWith('_sum'))?.value).toBeGreaterThan(0)
    }
  })

  it('does not count admin requests, scrapes included', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'GET', url: '/__admin/health' })
    await scrape(app)
    await app.inject({ method: 'GET', url: '/ns/team-c/__admin/requests' })
    expect(family(await scrape(app), 'kaleyra_mock_requests_total').samples).toEqual([])
  })

  it('keeps each app\'s numbers apart, as two mocks in one process', async () => {
    const first = await buildTestApp()
    const second = await buildTestApp()
    await postForm(first, 'HXAPART')
    expect(values(family(await scrape(first), 'kaleyra_mock_accounts_claimed_total').samples)).toEqual({ '{"mock_namespace":""}': 1 })
    expect(family(await scrape(second), 'kaleyra_mock_accounts_claimed_total').samples).toEqual([])
  })

  it('counts requests the state store failed, by kind', async () => {
    const state = createMemoryState()
    let failure: StoreError | undefined = new StoreError('timeout', 'The shared state store (Redis) is unreachable; try again shortly.')
    const claim = state.accounts.claim.bind(state.accounts)
    state.accounts.claim = async (sid, create) => {
      if (failure !== undefined) throw failure
      return claim(sid, create)
    }
    const app = await buildTestApp({ state })
    expect((await postForm(app, 'HXSTORE1')).statusCode).toBe(503)
    failure = new StoreError('write', 'The mock could not save the change to its state file, so the change was not made; try again shortly.')
    expect((await postForm(app, 'HXSTORE2')).statusCode).toBe(503)
    expect((await postForm(app, 'HXSTORE3')).statusCode).toBe(503)
    failure = undefined
    expect((await postForm(app, 'HXSTORE4')).statusCode).toBe(200)
    expect(values(family(await scrape(app), 'kaleyra_mock_store_failures_total').samples)).toEqual({
      '{"mock_namespace":"","failure":"timeout"}': 1,
      '{"mock_namespace":"","failure":"write"}': 2,
    })
  })

  it('counts the requests the journal could not record, and the entries its bound pushed out', async () => {
    const state = createMemoryState({ journalCapacity: 2 })
    const app = await buildTestApp({ state })
    for (let i = 0; i < 5; i++) await postJson(app, `/v1/HXJOURNAL${i}/whatsapp/activation`, {})
    state.journal.record = () => { throw new Error('the journal is gone') }
    await postJson(app, '/v1/HXJOURNAL9/whatsapp/activation', {})
    const families = await scrape(app)
    expect(values(family(families, 'kaleyra_mock_journal_unrecorded_total').samples)).toEqual({ '{"mock_namespace":""}': 1 })
    expect(values(family(families, 'kaleyra_mock_journal_dropped_entries').samples)).toEqual({ '{}': 3 })
  })

  it(`gives at most ${MAX_NAMESPACE_SERIES} namespaces series of their own, and counts the rest as (other)`, async () => {
    const app = await buildTestApp()
    for (let i = 0; i < MAX_NAMESPACE_SERIES + 5; i++) await postJson(app, `/ns/n${i}/v1/HXMANY/whatsapp/activation`, {})
    await postJson(app, '/ns/n0/v1/HXMANY/whatsapp/activation', {})
    const requests = family(await scrape(app), 'kaleyra_mock_requests_total').samples
    expect(new Set(requests.map((sample) => sample.labels.mock_namespace)).size).toBe(MAX_NAMESPACE_SERIES + 1)
    expect(requests.find((sample) => sample.labels.mock_namespace === '(other)')?.value).toBe(5)
    expect(requests.find((sample) => sample.labels.mock_namespace === 'n0')?.value).toBe(2)
  })

  it('counts a connection a drop fault cut as status 0, rule fault_drop', async () => {
    const app = await buildTestApp()
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'drop' } })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    await expect(fetch(`${url}/v1/HXDROPPED/whatsapp/activation`, { method: 'POST', headers: { 'api-key': 'k' } })).rejects.toThrow()
    expect(values(family(await scrape(app), 'kaleyra_mock_requests_total').samples)).toEqual({ '{"mock_namespace":"","status":"0","code":"","rule":"fault_drop"}': 1 })
  })

  it('needs the admin token when one is configured', async () => {
    const app = await buildTestApp({ adminToken: 'secret' })
    expect((await app.inject({ method: 'GET', url: '/__admin/metrics' })).statusCode).toBe(401)
    expect(family(await scrape(app, { authorization: 'Bearer secret' }), 'kaleyra_mock_requests_total').type).toBe('counter')
  })
})

import { Agent, request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { activationForm, activationPath, API_KEY, buildTestApp, postActivation, readJsonFixture } from '../support/helpers.js'
import { listen } from '../support/socket-helpers.js'

const REQUESTS_PER_SID = 1000
const SIDS = ['HXRACE1', 'HXRACE2', 'HXRACE3', 'HXRACE4']

function tally (statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

describe('the once-only claim under concurrency', () => {
  it(`gives exactly one I102 and ${REQUESTS_PER_SID - 1} E937 for ${REQUESTS_PER_SID} concurrent valid requests per fresh SID, ${SIDS.length} SIDs at once`, async () => {
    const app = await buildTestApp()
    const { payload, headers } = activationForm()
    const all = SIDS.flatMap((sid) => Array.from({ length: REQUESTS_PER_SID }, () => postActivation(app, { sid, payload, headers }).then((response) => ({ sid, response }))))
    const results = await Promise.all(all)
    const e937 = readJsonFixture('responses/documented-already-submitted.json')
    for (const sid of SIDS) {
      const mine = results.filter((result) => result.sid === sid).map((result) => result.response)
      expect(tally(mine.map((response) => response.statusCode))).toEqual({ 200: 1, 400: REQUESTS_PER_SID - 1 })
      const success = mine.find((response) => response.statusCode === 200)!
      expect(success.json().code).toBe('I102')
      expect(success.json().data[0].phone_number.phone_number).toBe('+13236621127')
      for (const response of mine.filter((r) => r.statusCode === 400)) expect(response.json()).toEqual(e937)
    }
    // Counters are drawn inside the claim, so each SID got its own ids.
    const ids = results.filter((result) => result.response.statusCode === 200).map((result) => result.response.json().data[0].business_details.id)
    expect(new Set(ids).size).toBe(SIDS.length)
    // Nothing lost: every request reached the journal; the ring keeps its capacity and counts the rest.
    await new Promise((resolve) => setImmediate(resolve))
    const page = await app.state.journal.list()
    expect([page.total, page.dropped, page.entries.length]).toEqual([all.length, all.length - page.capacity, page.capacity])
    expect(page.entries.filter((entry) => entry.status === 200).length).toBeLessThanOrEqual(SIDS.length)
  }, 60_000)

  it('keeps the claim once-only over real sockets with 100 connections at once', async () => {
    const app = await buildTestApp()
    const port = await listen(app)
    const { payload, headers } = activationForm()
    const agent = new Agent({ keepAlive: true, maxSockets: 100 })
    try {
      const statuses = await Promise.all(Array.from({ length: REQUESTS_PER_SID }, () => new Promise<number>((resolve, reject) => {
        const outgoing = request({ agent, host: '127.0.0.1', port, method: 'POST', path: activationPath('HXSOCKETRACE'), headers: { ...headers, 'api-key': API_KEY } }, (response) => {
          response.resume()
          response.on('end', () => resolve(response.statusCode ?? 0))
        })
        outgoing.on('error', reject)
        outgoing.end(payload)
      })))
      expect(tally(statuses)).toEqual({ 200: 1, 400: REQUESTS_PER_SID - 1 })
    } finally {
      agent.destroy()
    }
  }, 60_000)
})

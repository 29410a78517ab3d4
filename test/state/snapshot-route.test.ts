import { describe, expect, it } from 'vitest'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'
import { activationFor } from '../support/activations.js'

const EMPTY = { version: 1, accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } }

function badRequest (detail: string): unknown {
  return { code: 'E400', message: 'Bad request.', data: [], error: { code: 'E400', message: detail, data: [] } }
}

describe('GET /__admin/snapshot', () => {
  it('exports an empty mock as no accounts and zero counters', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/snapshot' })
    expect([response.statusCode, response.json()]).toEqual([200, EMPTY])
  })

  it('exports accounts with the activations they created, and the counters', async () => {
    const app = await buildTestApp({ seed: 'snap' })
    const created = (await postForm(app, 'HXSNAP')).json().data[0]
    await app.state.accounts.seed('HXLIVE', 'active_channel')
    expect((await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual({
      version: 1,
      accounts: [{ sid: 'HXLIVE', state: 'active_channel' }, { sid: 'HXSNAP', state: 'submitted', activation: created }],
      counters: { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 },
    })
  })
})

describe('PUT /__admin/snapshot', () => {
  it('restores a snapshot exported from another mock, which then refuses the restored account and counts on', async () => {
    const source = await buildTestApp({ seed: 'snap' })
    await postForm(source, 'HXMOVED')
    const exported = (await source.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const target = await buildTestApp({ seed: 'snap' })
    await postForm(target, 'HXGONE')
    const put = await target.inject({ method: 'PUT', url: '/__admin/snapshot', payload: exported })
    expect([put.statusCode, put.json()]).toEqual([200, exported])
    expect((await postForm(target, 'HXMOVED')).json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
    expect((await postForm(target, 'HXGONE')).json().data[0].business_details.id).toBe(2)
  })

  it('takes activations as the endpoint writes them', async () => {
    const app = await buildTestApp()
    const snapshot = { ...EMPTY, accounts: [{ sid: 'HXA', state: 'submitted', activation: activationFor('HXA', { businessDetailsId: 3, certificateId: 3, phoneNumberId: 3 }) }] }
    expect((await app.inject({ method: 'PUT', url: '/__admin/snapshot', payload: snapshot })).json()).toEqual(snapshot)
  })

  it.each([
    ['a body that is not a snapshot', [], "body must have required property 'version'."],
    ['an unknown version', { ...EMPTY, version: 2 }, 'body.version must be equal to constant.'],
    ['a negative counter', { ...EMPTY, counters: { ...EMPTY.counters, certificateId: -1 } }, 'body.counters.certificateId must be >= 0.'],
    ['an unknown account state', { ...EMPTY, accounts: [{ sid: 'HXA', state: 'approved' }] }, 'body.accounts.0.state must be one of: fresh, submitted, active_channel.'],
    ['a SID twice', { ...EMPTY, accounts: [{ sid: 'HXA', state: 'submitted' }, { sid: 'HXA', state: 'active_channel' }] }, 'not a snapshot: account "HXA" appears twice'],
  ])('refuses %s with a 400 envelope and keeps the state it had', async (_, payload, detail) => {
    const app = await buildTestApp()
    await postForm(app, 'HXKEPT')
    const before = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const response = await app.inject({ method: 'PUT', url: '/__admin/snapshot', payload })
    expect([response.statusCode, response.json()]).toEqual([400, badRequest(detail)])
    expect((await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual(before)
  })
})

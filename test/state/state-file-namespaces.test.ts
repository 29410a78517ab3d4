import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../server/platform/settings.js'
import { createFileState } from '../../server/state/state-file.js'
import { activationFor } from '../support/activations.js'
import { activationForm, buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'mock-state-ns-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newPath = (): string => join(dir, `state-${++files}.json`)
const ONE = { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 }
const ZERO = { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 }

describe('MOCK_STATE_FILE with namespaces: one file, every namespace', () => {
  it('keeps every namespace\'s accounts and counters across a restart, each namespace on its own line', async () => {
    const path = newPath()
    const first = await createFileState(path)
    await first.namespace('team-a').accounts.claim('HXA', (ids) => activationFor('HXA', ids))
    await first.namespace('team-b').accounts.seed('HXB', 'active_channel')
    await first.accounts.claim('HXROOT', (ids) => activationFor('HXROOT', ids))
    await first.close()
    const text = readFileSync(path, 'utf8')
    expect(text.split('\n').filter((line) => line.startsWith('"team-'))).toEqual([
      `"team-a":{"counters":${JSON.stringify(ONE)},"accounts":[`,
      `"team-b":{"counters":${JSON.stringify(ZERO)},"accounts":[`,
    ])
    const second = await createFileState(path)
    expect(await second.namespaces()).toEqual(['team-a', 'team-b'])
    expect(await second.namespace('team-a').accounts.get('HXA')).toEqual({ sid: 'HXA', state: 'submitted', activation: activationFor('HXA', ONE) })
    expect(await second.namespace('team-b').accounts.get('HXB')).toEqual({ sid: 'HXB', state: 'active_channel' })
    expect(await second.accounts.get('HXA')).toEqual({ sid: 'HXA', state: 'fresh' })
    const next = await second.namespace('team-a').accounts.claim('HXA2', (ids) => activationFor('HXA2', ids))
    expect(next.claimed && next.activation.business_details.id).toBe(2)
    await second.close()
  })

  it('has written a namespace\'s claim by the time the request is answered, and a dropped namespace is gone from the file', async () => {
    const path = newPath()
    const app = await buildTestApp({ seed: 'file', state: await createFileState(path) })
    const created = await app.inject({ method: 'POST', url: '/ns/ci-1/v1/HXNS/whatsapp/activation', ...formOf() })
    expect(created.statusCode).toBe(200)
    expect(JSON.parse(readFileSync(path, 'utf8')).namespaces).toEqual({ 'ci-1': { counters: ONE, accounts: [{ sid: 'HXNS', state: 'submitted', activation: created.json().data[0] }] } })
    expect((await app.inject({ method: 'DELETE', url: '/ns/ci-1/__admin/reset' })).statusCode).toBe(200)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, counters: ZERO, accounts: [] })
  })

  it('writes a file of the default namespace alone in the snapshot format, and loads a snapshot as the default namespace', async () => {
    const path = newPath()
    const app = await buildTestApp({ seed: 'file', state: await createFileState(path) })
    await postForm(app, 'HXROOT')
    // A namespace reset to nothing leaves no trace in the file.
    await app.inject({ method: 'PUT', url: '/ns/a/__admin/accounts/HXA', payload: { state: 'submitted' } })
    await app.inject({ method: 'POST', url: '/ns/a/__admin/reset' })
    const exported = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(exported)
    const copy = newPath()
    writeFileSync(copy, JSON.stringify(exported))
    const loaded = await createFileState(copy)
    expect(await loaded.namespaces()).toEqual([])
    expect((await loaded.accounts.snapshot()).accounts.map((account) => account.sid)).toEqual(['HXROOT'])
    await loaded.close()
  })

  it.each([
    ['a namespace name outside the rule', { 'a b': { counters: ZERO, accounts: [] } }, /is not a snapshot: "a b" is not a namespace name/],
    ['a bad account in a namespace', { a: { counters: ZERO, accounts: [{ sid: 'HX', state: 'gone' }] } }, /is not a snapshot: \/namespaces\/a\/accounts\/0\/state /],
    ['a SID twice in a namespace', { a: { counters: ZERO, accounts: [{ sid: 'HX', state: 'submitted' }, { sid: 'HX', state: 'submitted' }] } }, /account "HX" appears twice/],
    ['namespaces that are not an object', [], /is not a snapshot: \/namespaces must be an object/],
    ['a namespace that is not an object', { a: 1 }, /is not a snapshot: \/namespaces\/a must be an object/],
  ])('refuses to start from a file with %s, naming where', async (_, namespaces, message) => {
    const path = newPath()
    writeFileSync(path, JSON.stringify({ version: 1, counters: ZERO, accounts: [], namespaces }))
    const opening = createFileState(path)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(message)
  })

  it('refuses a namespace\'s change it cannot write with the 503 envelope and undoes it', async () => {
    const sub = join(dir, 'vanishing')
    mkdirSync(sub)
    const app = await buildTestApp({ seed: 'file', state: await createFileState(join(sub, 'state.json'), { log: { info () {}, warn () {}, error () {} } }) })
    rmSync(sub, { recursive: true })
    const refused = await app.inject({ method: 'POST', url: '/ns/a/v1/HXLOST/whatsapp/activation', ...formOf() })
    expect([refused.statusCode, refused.json()]).toEqual([503, readJsonFixture('responses/inferred/state-file-not-saved.json')])
    expect(await app.state.namespace('a').accounts.get('HXLOST')).toEqual({ sid: 'HXLOST', state: 'fresh' })
  })
})

function formOf () {
  const { payload, headers } = activationForm()
  return { payload, headers: { ...headers, 'api-key': 'k' } }
}

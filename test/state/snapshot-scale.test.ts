import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AccountsSnapshot } from '../../server/accounts/account-store.js'
import type { Activation } from '../../server/activation/activation-factory.js'
import { SNAPSHOT_BODY_BYTES } from '../../server/state/snapshot-routes.js'
import { createFileState } from '../../server/state/state-file.js'
import { buildTestApp } from '../support/helpers.js'
import { activationFor } from '../support/activations.js'

// Twice 100,000 accounts, every one with an activation, as claims make them.
const COUNT = 200_000
const SLOW = 240_000

const dir = mkdtempSync(join(tmpdir(), 'mock-scale-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Accounts as claims make them; one activation is built and copied with each account's ids, which is much faster than building each. */
function manyAccounts (): AccountsSnapshot<Activation> {
  const template = activationFor('HXTEMPLATE', { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 })
  const accounts = []
  for (let i = 1; i <= COUNT; i++) {
    const activation = {
      ...template,
      business_details: { ...template.business_details, id: i, certificate_id: i },
      phone_number: { ...template.phone_number, id: i },
    }
    accounts.push({ sid: `HX${String(i).padStart(30, '0')}`, state: 'submitted' as const, activation })
  }
  return { accounts, counters: { businessDetailsId: COUNT, certificateId: COUNT, phoneNumberId: COUNT } }
}

/** Compared by digest: a failure should not print a 130 MB diff. */
function digest (value: unknown): string {
  return createHash('sha256').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('hex')
}

describe(`a state of ${COUNT.toLocaleString('en')} accounts`, () => {
  const accounts = manyAccounts()

  it('is written to MOCK_STATE_FILE and loaded again at the next start', async () => {
    const path = join(dir, 'state.json')
    const first = await createFileState(path)
    await first.accounts.restore(accounts)
    await first.close()
    const second = await createFileState(path)
    const loaded = await second.accounts.snapshot()
    expect(loaded.accounts).toHaveLength(COUNT)
    expect(digest(loaded)).toBe(digest(accounts))
    await second.close()
  }, SLOW)

  it('is exported by GET /__admin/snapshot and taken back whole by PUT', async () => {
    const source = await buildTestApp()
    await source.state.accounts.restore(accounts)
    const exported = await source.inject({ method: 'GET', url: '/__admin/snapshot' })
    expect(exported.statusCode).toBe(200)
    const target = await buildTestApp()
    const put = await target.inject({ method: 'PUT', url: '/__admin/snapshot', headers: { 'content-type': 'application/json' }, payload: exported.payload })
    expect(put.statusCode).toBe(200)
    expect(digest(put.payload)).toBe(digest(exported.payload))
    expect(digest(await target.state.accounts.snapshot())).toBe(digest(accounts))
  }, SLOW)
})

describe('PUT /__admin/snapshot past its size limit', () => {
  it('refuses a body over the limit with the 413 envelope naming the limit, before reading it', async () => {
    const app = await buildTestApp()
    const response = await app.inject({
      method: 'PUT',
      url: '/__admin/snapshot',
      headers: { 'content-type': 'application/json', 'content-length': String(SNAPSHOT_BODY_BYTES + 1) },
      payload: '{}',
    })
    expect([response.statusCode, response.json()]).toEqual([413, {
      code: 'E420',
      message: 'Request body too large.',
      data: [],
      error: { code: 'E420', message: `The request body exceeds the limit of ${SNAPSHOT_BODY_BYTES} bytes.`, data: [] },
    }])
  })
})

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { ConfigError } from '../../server/platform/settings.js'
import { StoreError } from '../../server/platform/store-error.js'
import { createFileState } from '../../server/state/state-file.js'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'
import { activationFor } from '../support/activations.js'
import { captureLog } from '../support/log-lines.js'
import { describeStateBackend } from '../support/state-contract.js'

const dir = mkdtempSync(join(tmpdir(), 'mock-state-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const EMPTY_SNAPSHOT = { version: 1, accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } }
const EMPTY_ACCOUNTS = { accounts: [], counters: EMPTY_SNAPSHOT.counters }
const QUIET = { info () {}, warn () {}, error () {} }
let files = 0
const newPath = (): string => join(dir, `state-${++files}.json`)

describeStateBackend('memory with MOCK_STATE_FILE', (options) => createFileState(newPath(), options))

describe('MOCK_STATE_FILE', () => {
  it('keeps accounts, activations and counters across a restart', async () => {
    const path = newPath()
    const first = await createFileState(path)
    const claimed = await first.accounts.claim('HXKEEP', (ids) => activationFor('HXKEEP', ids))
    await first.accounts.seed('HXSEEDED', 'active_channel')
    await first.close()
    const second = await createFileState(path)
    expect(await second.accounts.get('HXKEEP')).toEqual({ sid: 'HXKEEP', state: 'submitted', activation: claimed.claimed && claimed.activation })
    expect(await second.accounts.get('HXSEEDED')).toEqual({ sid: 'HXSEEDED', state: 'active_channel' })
    const next = await second.accounts.claim('HXNEXT', (ids) => activationFor('HXNEXT', ids))
    expect(next.claimed && next.activation.business_details.id).toBe(2)
  })

  it('has written the change by the time the request is answered', async () => {
    const path = newPath()
    const app = await buildTestApp({ seed: 'file', state: await createFileState(path) })
    const created = await postForm(app, 'HXWRITTEN')
    const onDisk = JSON.parse(readFileSync(path, 'utf8'))
    expect(onDisk).toEqual({ version: 1, accounts: [{ sid: 'HXWRITTEN', state: 'submitted', activation: created.json().data[0] }], counters: { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 } })
    const restarted = await buildTestApp({ seed: 'file', state: await createFileState(path) })
    expect((await postForm(restarted, 'HXWRITTEN')).json()).toEqual(readJsonFixture('responses/documented-already-submitted.json'))
  })

  it('starts empty when the file does not exist yet', async () => {
    const state = await createFileState(newPath())
    expect(await state.accounts.snapshot()).toEqual({ accounts: [], counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } })
  })

  it.each([
    ['not JSON', '{"version": 1, "acc', /^MOCK_STATE_FILE .* is not JSON/],
    ['not a snapshot', '{"version": 2}', /^MOCK_STATE_FILE .* is not a snapshot: /],
  ])('refuses to start from a file that is %s, naming the variable', async (_, text, message) => {
    const path = newPath()
    writeFileSync(path, text)
    const opening = createFileState(path)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(message)
  })

  it('refuses a change it cannot write with the 503 envelope, undoes it, and logs and reports the path and the OS error', async () => {
    const path = join(dir, 'removed-dir', 'state.json')
    mkdirSync(join(dir, 'removed-dir'))
    const { logger, lines } = captureLog()
    const app = await buildTestApp({ seed: 'file', state: await createFileState(path), logger })
    // Its directory goes away after the start (a volume unmounted, a cleanup job).
    rmSync(join(dir, 'removed-dir'), { recursive: true })
    const response = await postForm(app, 'HXNOWHERE')
    expect([response.statusCode, response.json()]).toEqual([503, readJsonFixture('responses/inferred/state-file-not-saved.json')])
    expect(await app.state.accounts.get('HXNOWHERE')).toEqual({ sid: 'HXNOWHERE', state: 'fresh' })
    const health = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect(health.statusCode).toBe(503)
    expect(health.json().store.detail).toMatch(/^MOCK_STATE_FILE .*removed-dir.* could not be written \(ENOENT: /)
    const logged = lines.filter((line) => line.level === 50 && line.msg.startsWith('MOCK_STATE_FILE could not be written'))
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ path, err: { code: 'ENOENT' } })
  })

  it('refuses every change that waited on a failed write, uses up no account and no id, and takes changes again once the file can be written', async () => {
    const home = join(dir, 'gone-for-a-while')
    mkdirSync(home)
    const state = await createFileState(join(home, 'state.json'), { retryMs: 20, log: QUIET })
    rmSync(home, { recursive: true })
    const sids = Array.from({ length: 20 }, (_, i) => `HXWAIT${i}`)
    const outcomes = await Promise.allSettled(sids.map((sid) => state.accounts.claim(sid, (ids) => activationFor(sid, ids))))
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof StoreError && outcome.reason.storeFailure)).toEqual(sids.map(() => 'write'))
    expect(await state.accounts.snapshot()).toEqual(EMPTY_ACCOUNTS)
    mkdirSync(home)
    await vi.waitFor(async () => { expect((await state.health()).ok).toBe(true) }, { timeout: 5000, interval: 20 })
    const claimed = await state.accounts.claim('HXWAIT0', (ids) => activationFor('HXWAIT0', ids))
    expect(claimed.claimed && claimed.activation.business_details.id).toBe(1)
    await state.close()
  })

  it('stops retrying a failed write when closed', async () => {
    const home = join(dir, 'closed-before')
    mkdirSync(home)
    const state = await createFileState(join(home, 'state.json'), { retryMs: 20, log: QUIET })
    rmSync(home, { recursive: true })
    await expect(state.accounts.seed('HXCLOSED', 'active_channel')).rejects.toThrow(StoreError)
    await state.close()
    mkdirSync(home)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(readdirSync(home)).toEqual([])
  })

  it('removes the temporary files an interrupted write left next to it, and nothing else, and says so in the log', async () => {
    const home = mkdtempSync(join(dir, 'leftovers-'))
    const path = join(home, 'state.json')
    const leftovers = ['state.json.partial-0123456789ab', 'state.json.partial-ffffffffffff']
    const kept = ['state.json.partial-0123456789abc', 'state.json.partial-notahexvalue', 'state.json.1234567', 'state.json.bak', 'other.json.partial-0123456789ab', 'state.json']
    for (const name of [...leftovers, ...kept]) writeFileSync(join(home, name), name === 'state.json' ? JSON.stringify(EMPTY_SNAPSHOT) : 'partial')
    const { logger, lines } = captureLog()
    await buildTestApp({ state: await createFileState(path), logger })
    expect(readdirSync(home).sort()).toEqual([...kept].sort())
    expect(lines.find((line) => line.msg.startsWith('removed temporary files'))).toMatchObject({ level: 40, path, removed: leftovers })
  })

  it('leaves a whole file, old or new, when the process is killed in the middle of writing', async () => {
    const path = newPath()
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'state-file-writer.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] })
    await once(child.stdout, 'data')
    await new Promise((resolve) => setTimeout(resolve, 30))
    child.kill('SIGKILL')
    await once(child, 'exit')
    const reopened = await createFileState(path)
    // A whole state of some moment: the writer's first claims, each with its activation, and no other.
    const { accounts } = await reopened.accounts.snapshot()
    expect(accounts.length).toBeGreaterThanOrEqual(50)
    const claimed = Array.from({ length: accounts.length }, (_, i) => `HXCRASH${i}`.padEnd(200, 'x')).sort()
    expect(accounts.map((account) => [account.sid, account.state, (account.activation as { phone_number?: unknown } | undefined)?.phone_number !== undefined])).toEqual(claimed.map((sid) => [sid, 'submitted', true]))
    // A temporary file the kill left in the middle of a write is gone after the restart.
    expect(readdirSync(dir).filter((name) => name.startsWith(basename(path)))).toEqual([basename(path)])
  })
})

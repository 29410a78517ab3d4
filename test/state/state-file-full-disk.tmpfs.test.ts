import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createFileState } from '../../server/state/state-file.js'
import { buildTestApp, postForm, readJsonFixture } from '../support/helpers.js'
import { captureLog } from '../support/log-lines.js'

// A real small file system, not a mocked fs: a 256 KiB tmpfs runs out of space the way a disk does.
const MOUNT = mkdtempSync(join(tmpdir(), 'mock-full-disk-'))
// vitest.config.ts collects this file only where a tmpfs can be mounted (root), so failing to mount is an error.
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', MOUNT], { encoding: 'utf8' })
if (mount.status !== 0) throw new Error(`a 256 KiB tmpfs could not be mounted on ${MOUNT}: ${mount.stderr || mount.error?.message}`)
afterAll(() => {
  spawnSync('umount', [MOUNT])
  rmSync(MOUNT, { recursive: true, force: true })
})

const NOT_SAVED = readJsonFixture('responses/inferred/state-file-not-saved.json')
let dirs = 0

/** A directory on the tmpfs, and a filler file that leaves about 96 KiB of it free. */
function nearlyFullDisk (): { home: string, filler: string } {
  const home = join(MOUNT, `case-${++dirs}`)
  mkdirSync(home)
  const filler = join(MOUNT, `filler-${dirs}`)
  writeFileSync(filler, Buffer.alloc(160 * 1024))
  return { home, filler }
}

describe('MOCK_STATE_FILE on a disk that fills up', () => {
  it('keeps the last whole file, answers 503 and undoes the change, reports it at once, and recovers by itself when space returns', async () => {
    const { home, filler } = nearlyFullDisk()
    const path = join(home, 'state.json')
    const { logger, lines } = captureLog()
    const app = await buildTestApp({ seed: 'disk', state: await createFileState(path, { retryMs: 50 }), logger })

    let saved = 0
    let refused: { sid: string, statusCode: number, body: unknown } | undefined
    while (refused === undefined && saved < 1000) {
      const sid = `HXDISK${saved}`
      const response = await postForm(app, sid)
      if (response.statusCode === 200) saved++
      else refused = { sid, statusCode: response.statusCode, body: response.json() }
    }
    expect(saved).toBeGreaterThan(10)
    expect(refused).toEqual({ sid: `HXDISK${saved}`, statusCode: 503, body: NOT_SAVED })

    // The file is the last complete write, the mock holds exactly what it says, and no partial file is left.
    const onDisk = JSON.parse(readFileSync(path, 'utf8'))
    expect(onDisk.accounts).toHaveLength(saved)
    expect((await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual(onDisk)
    expect(readdirSync(home)).toEqual(['state.json'])

    const health = await app.inject({ method: 'GET', url: '/__admin/health' })
    expect(health.statusCode).toBe(503)
    expect(health.json().store.detail).toContain('ENOSPC')
    expect(lines.filter((line) => line.level === 50)[0]).toMatchObject({ path, err: { code: 'ENOSPC' } })

    rmSync(filler)
    await vi.waitFor(async () => {
      expect((await app.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200)
    }, { timeout: 5000, interval: 50 })
    expect(lines.some((line) => line.level === 30 && line.msg.startsWith('MOCK_STATE_FILE written again'))).toBe(true)

    // The refused claim did not use up the account's chance, and what was answered 200 survives a restart.
    expect((await postForm(app, refused!.sid)).statusCode).toBe(200)
    await app.close()
    const reopened = await createFileState(path)
    expect((await reopened.accounts.snapshot()).accounts).toHaveLength(saved + 1)
    await reopened.close()
  })

  it('refuses with 503 a snapshot the disk cannot take, and keeps the state it had', async () => {
    const { home } = nearlyFullDisk()
    const app = await buildTestApp({ seed: 'disk', state: await createFileState(join(home, 'state.json'), { retryMs: 50 }) })
    await postForm(app, 'HXBEFORE')
    const before = (await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()
    const big = { ...before, accounts: Array.from({ length: 400 }, (_, i) => ({ sid: `HXBIG${String(i).padStart(200, '0')}`, state: 'active_channel' })) }
    const put = await app.inject({ method: 'PUT', url: '/__admin/snapshot', payload: big })
    expect([put.statusCode, put.json()]).toEqual([503, NOT_SAVED])
    expect((await app.inject({ method: 'GET', url: '/__admin/snapshot' })).json()).toEqual(before)
  })
})

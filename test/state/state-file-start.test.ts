import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../server/platform/settings.js'
import { createFileState } from '../../server/state/state-file.js'

const dir = mkdtempSync(join(tmpdir(), 'mock-state-start-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a MOCK_STATE_FILE the mock cannot write', () => {
  it('stops the start when its directory is missing, naming the path and the OS error', async () => {
    const path = join(dir, 'missing-dir', 'state.json')
    const opening = createFileState(path)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(`MOCK_STATE_FILE ${path} cannot be written: ENOENT: no such file or directory`)
  })

  it('stops the start when a file stands where its directory should be (no user, root included, can write there)', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, 'not a directory')
    const path = join(file, 'state.json')
    const opening = createFileState(path)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(new RegExp(`^MOCK_STATE_FILE ${path} .*ENOTDIR`))
  })

  it('leaves nothing behind in a directory it can write, when the file does not exist yet', async () => {
    const home = mkdtempSync(join(dir, 'fresh-'))
    const state = await createFileState(join(home, 'state.json'))
    expect(readdirSync(home)).toEqual([])
    await state.close()
  })
})

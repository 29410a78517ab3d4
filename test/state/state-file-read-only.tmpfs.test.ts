import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../server/platform/settings.js'
import { createFileState } from '../../server/state/state-file.js'

// A read-only file system: unlike a directory's mode, it stops root too (the tests run as root, as
// the image's volume may be owned by another user). vitest.config.ts collects this file only where a
// tmpfs can be mounted, so failing to mount is an error.
const MOUNT = mkdtempSync(join(tmpdir(), 'mock-read-only-'))
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', MOUNT], { encoding: 'utf8' })
if (mount.status !== 0) throw new Error(`a read-only tmpfs could not be mounted on ${MOUNT}: ${mount.stderr || mount.error?.message}`)
afterAll(() => {
  spawnSync('umount', [MOUNT])
  rmSync(MOUNT, { recursive: true, force: true })
})

describe('MOCK_STATE_FILE on a read-only volume', () => {
  it('stops the start, naming the path and the OS error', async () => {
    const path = join(MOUNT, 'state.json')
    const opening = createFileState(path)
    await expect(opening).rejects.toThrow(ConfigError)
    await expect(opening).rejects.toThrow(`MOCK_STATE_FILE ${path} cannot be written: EROFS: read-only file system`)
  })
})

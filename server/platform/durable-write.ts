import { randomBytes } from 'node:crypto'
import { open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/*
 * Replacing a file so that a crash or a full disk leaves the old file or the whole new one.
 * write-file-atomic makes one write(2) call and does not check how many bytes it wrote: on a
 * nearly full disk the write comes back short, and the truncated temporary file is fsynced and
 * renamed over the good one. It does not fsync the directory either, so the rename itself can be
 * lost in a power cut. Hence these few lines with a FileHandle.
 */

/** `<file>.partial-<12 hex digits>`: a name only this writer uses, so start-up can clear leftovers. */
const TEMP_INFIX = '.partial-'
const TEMP_SUFFIX = /^[0-9a-f]{12}$/

function tempPathFor (path: string): string {
  return `${path}${TEMP_INFIX}${randomBytes(6).toString('hex')}`
}

/** Whether a directory entry is one of this writer's temporary files for `path`. */
function isTempFileOf (path: string, entry: string): boolean {
  const prefix = basename(path) + TEMP_INFIX
  return entry.startsWith(prefix) && TEMP_SUFFIX.test(entry.slice(prefix.length))
}

/**
 * Writes `text` to a temporary file next to `path`, checks that every byte was written, fsyncs
 * it, renames it over `path` and fsyncs the directory. Rejects with the OS error (ENOSPC, EIO,
 * …) when any step fails; `path` is then untouched and the temporary file removed.
 */
export async function writeFileDurably (path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8')
  const temp = tempPathFor(path)
  // Keep the permissions an operator gave the file.
  const mode = await stat(path).then((stats) => stats.mode & 0o7777, () => 0o644)
  const handle = await open(temp, 'wx', mode)
  try {
    let offset = 0
    while (offset < bytes.length) {
      // A full disk first answers with a short write, then ENOSPC on the next call.
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
      if (bytesWritten <= 0) throw Object.assign(new Error(`no progress writing ${temp}`), { code: 'EIO' })
      offset += bytesWritten
    }
    await handle.sync()
    await handle.close()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(temp).catch(() => {})
    throw error
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncDirectory(dirname(path))
}

/** Makes the rename durable; file systems that cannot fsync a directory say EINVAL, and there is nothing more to do. */
async function syncDirectory (directory: string): Promise<void> {
  const handle = await open(directory, 'r')
  try {
    await handle.sync().catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EINVAL' && error.code !== 'ENOTSUP') throw error
    })
  } finally {
    await handle.close()
  }
}

/**
 * Checks that writeFileDurably can write next to `path` (the directory exists and takes a new
 * file) by creating and removing one of its temporary files; rejects with the OS error.
 */
export async function checkWritable (path: string): Promise<void> {
  const temp = tempPathFor(path)
  const handle = await open(temp, 'wx', 0o600)
  await handle.close()
  await unlink(temp)
}

/**
 * Removes the temporary files a killed process left next to `path` (only names this writer
 * makes, nothing else) and returns their names. One mock per state file: another process
 * writing the same file at this moment would lose its temporary file.
 */
export async function removeInterruptedWrites (path: string): Promise<string[]> {
  const directory = dirname(path)
  let entries: string[]
  try {
    entries = await readdir(directory)
  } catch {
    return []
  }
  const leftovers = entries.filter((entry) => isTempFileOf(path, entry)).sort()
  for (const entry of leftovers) await unlink(join(directory, entry)).catch(() => {})
  return leftovers
}

import { isAscii } from 'node:buffer'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Script } from 'node:vm'
import type { probeHealth, runCli } from './bundled.js'

export const BUNDLE_FILE = 'mock.cjs'
export const CODE_CACHE_FILE = 'mock.cjs.v8-cache'

export interface LoadedBundle {
  runCli: typeof runCli
  probeHealth: typeof probeHealth
  /**
   * What became of the code cache: `used`; `absent` (none was written); `stale` (written for other
   * bundle bytes); `rejected` by V8 (another Node version, or other V8 flags, e.g. in NODE_OPTIONS).
   * Whatever it says, the bundle runs the same; only parsing it costs more.
   */
  codeCache: 'used' | 'absent' | 'stale' | 'rejected'
}

function readCodeCache (path: string, digest: Buffer): Buffer | 'absent' | 'stale' {
  let file: Buffer
  try {
    file = readFileSync(path)
  } catch {
    return 'absent'
  }
  return file.subarray(0, digest.length).equals(digest) ? file.subarray(digest.length) : 'stale'
}

/**
 * Runs the bundle in `directory` with the V8 code cache the build wrote beside it, so that V8
 * deserialises the code it compiled during the build's own start instead of parsing some 2 MB of
 * source at every start (Node 22's module.enableCompileCache does this natively; Node 20 cannot).
 * The cache starts with the sha256 of the bundle it was made from, because V8 itself only compares
 * the source's length. With `writeCodeCache`, the cache is (re)written when the process exits.
 */
export function loadBundle (directory: string, options: { writeCodeCache?: boolean } = {}): LoadedBundle {
  const file = join(directory, BUNDLE_FILE)
  const cacheFile = join(directory, CODE_CACHE_FILE)
  const bytes = readFileSync(file)
  // esbuild writes ASCII, which decodes several times faster as latin1 than as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
  const digest = createHash('sha256').update(bytes).digest()
  const cached = readCodeCache(cacheFile, digest)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: typeof cached === 'string' ? undefined : cached,
  })
  const module = { exports: {} as Pick<LoadedBundle, 'runCli' | 'probeHealth'> }
  script.runInThisContext()(module.exports, createRequire(file), module, file, directory)
  if (options.writeCodeCache) process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])))
  const codeCache = typeof cached === 'string' ? cached : script.cachedDataRejected === true ? 'rejected' : 'used'
  return { runCli: module.exports.runCli, probeHealth: module.exports.probeHealth, codeCache }
}

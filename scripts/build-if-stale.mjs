#!/usr/bin/env node
// `npm start` runs this first (prestart), and so do the tests that run dist/: it builds only when
// dist/ is missing or older than what it is built from, so `npm ci && npm start` builds once (npm
// ci's prepare) and a start after editing a source builds again. Plain JavaScript because it runs
// before anything is compiled, on Node alone.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = join(import.meta.dirname, '..')

/** What `npm run build` reads; a folder counts as its newest file. */
export const BUILD_INPUTS = ['server', 'scripts', 'inspector', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']
/** Files every `npm run build` writes anew (tsc's library entry, the inspector page, the bundle). */
export const BUILD_OUTPUTS = ['dist/server/index.js', 'dist/bundle/mock.cjs', 'dist/inspector/index.html']

function newestMtime (path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat === undefined) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

/** Whether dist/ is missing a build output, or has one older than a build input. */
export function isStale (root = ROOT) {
  const outputs = BUILD_OUTPUTS.map((file) => statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0)
  const inputs = BUILD_INPUTS.map((input) => newestMtime(join(root, input)))
  return Math.min(...outputs) <= Math.max(...inputs)
}

/** Runs `npm run build` when dist/ is stale; its output is shown only if it fails. Returns whether it built. */
export function buildIfStale (root = ROOT) {
  if (!isStale(root)) return false
  // npm writes this file at every install: without it the build's tools are missing (`npm start` before `npm ci`).
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
    throw new Error('The dependencies are not installed, so dist/ cannot be built: run `npm ci` first, then `npm start` again.')
  }
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', encoding: 'utf8' })
  } catch (error) {
    throw new Error(`npm run build failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
  }
  return true
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    if (buildIfStale()) console.log('built dist/ (it was missing or older than its sources)')
  } catch (error) {
    console.error(error.message)
    process.exit(1)
  }
}

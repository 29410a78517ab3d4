import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/**
 * For the tests that run what the build wrote (the bin, npm start's bundle, the image's files):
 * builds dist/ once per run, only when it is missing or older than its sources
 * (scripts/build-if-stale.mjs, which npm start runs too). vitest.config.ts gives this setup to
 * those tests' project only, so a run of other tests builds nothing.
 */
export default function setup (): void {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'build-if-stale.mjs')
  try {
    execFileSync(process.execPath, [script], { stdio: 'pipe', encoding: 'utf8' })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string, stderr?: string }
    throw new Error(`building dist/ for the tests that run it failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
}

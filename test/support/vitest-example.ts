import { spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')

export interface ExampleRun {
  code: number | null
  output: string
}

/**
 * Runs examples/vitest-namespaces as a client team would (its own vitest, 8 workers) against the
 * mock at `mockUrl`. This run's own VITEST_* variables are left out so the child is a run of its own.
 */
export function runVitestExample (mockUrl: string): Promise<ExampleRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'))
  const child = spawn(process.execPath, [VITEST, 'run', '--config', join(ROOT, 'examples', 'vitest-namespaces', 'vitest.config.ts'), '--maxWorkers=8', '--reporter=dot'], {
    cwd: ROOT,
    env: { ...env, KALEYRA_MOCK_URL: mockUrl, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => { resolve({ code, output }) })
  })
}

/** The example's files and tests, as its summary counts them. */
export const EXAMPLE_SUMMARY = /Test Files\s+8 passed \(8\)[\s\S]*Tests\s+18 passed \(18\)/

/**
 * `npm run parity -- [--runs N] [--seed S]`: the parity suite with N generated requests (2,000 by
 * default, as in `npm test`), which also measures PHP's built-in server against nginx + php-fpm and
 * writes parity/results.json and docs/parity.md. With another seed than CI's it only checks: the
 * report stays the CI seed's.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 2) {
  console.error('--runs takes a whole number of at least 2')
  process.exit(2)
}
const seed = values.seed === undefined ? undefined : Number(values.seed)
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error('--seed takes a whole number')
  process.exit(2)
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'parity', 'parity/parity.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PARITY_RUNS: String(runs), ...(seed === undefined ? { PARITY_REPORT: '1' } : { PARITY_SEED: String(seed) }) },
})
process.exit(run.status ?? 1)

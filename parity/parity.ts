/**
 * `npm run parity -- [--runs N]`: the parity suite with N generated requests (2,000 by default, as in
 * `npm test`), which also measures PHP's built-in server against nginx + php-fpm and writes
 * parity/results.json and docs/parity.md.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 2) {
  console.error('--runs takes a whole number of at least 2')
  process.exit(2)
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'parity', 'parity/parity.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PARITY_RUNS: String(runs), PARITY_REPORT: '1' },
})
process.exit(run.status ?? 1)

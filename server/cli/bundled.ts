/**
 * What the bundle (dist/bundle/mock.cjs, scripts/bundle.ts) gives its launchers: the CLI, and the
 * image's health probe. Each command loads its own modules when run, so loading the bundle runs
 * little more than cli.ts.
 */
export { runCli } from './cli.js'

export async function probeHealth (): Promise<number> {
  return (await import('./health-probe.js')).probeHealth()
}

/**
 * What the bundle (dist/bundle/mock.cjs, built by scripts/bundle.ts) gives the commands that run
 * it: the CLI, and the image's health probe. Each command loads its own modules when run, so
 * loading the bundle runs little more than cli.ts.
 */
export { runCli } from './cli.js'

export async function probeHealth (): Promise<number> {
  return (await import('./health-probe.js')).probeHealth()
}

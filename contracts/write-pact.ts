import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PactV4 } from '@pact-foundation/pact'
import { CONSUMER, INTERACTIONS, PACT_FILE, PROVIDER } from './activation-interactions.js'
import { recordInteraction } from './record-interaction.js'

export const PACTS_DIR = join(import.meta.dirname, 'pacts')

export function createPact (dir: string): PactV4 {
  return new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, logLevel: 'error' })
}

/** Plays every interaction through the reference client and writes a fresh pact file into `dir`. */
export async function writePact (dir: string): Promise<string> {
  const file = join(dir, PACT_FILE)
  // Pact merges into an existing file; start from nothing so the file is exactly this run.
  await rm(file, { force: true })
  for (const interaction of INTERACTIONS) await recordInteraction(createPact(dir), interaction)
  return file
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writePact(PACTS_DIR).then((file) => console.log(`wrote ${file}`), (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

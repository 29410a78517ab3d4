import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'

const PACKAGE_NAME = 'kaleyra-whatsapp-activation-mock'

/**
 * The folder this code runs from, for finding the package's files and dependencies. The bundle and
 * the tests run it as CommonJS, which has __dirname; tsc's ES-module output (dist/server) runs
 * only as the debug bin, whose path is the script Node was started with.
 */
export function codeDirectory (): string {
  return typeof __dirname === 'string' ? __dirname : dirname(realpathSync(process.argv[1] ?? '.'))
}

/** The package's version, from the nearest package.json of this package above the running code. */
export function packageVersion (): string {
  for (let directory = codeDirectory(); ; directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string, version?: string }
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version
    } catch {}
    if (dirname(directory) === directory) return 'unknown'
  }
}

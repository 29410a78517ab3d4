import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { VerifierOptions } from '@pact-foundation/pact-core'
import { codeDirectory } from '../platform/package-info.js'

/** Pact's verifier: a native library, so an optional dependency that only `verify` loads. */
const PACT_CORE = '@pact-foundation/pact-core'

/** Thrown when the Pact verifier is not installed beside the mock. */
export class VerifierMissingError extends Error {
  constructor (detail: string) {
    super(`kaleyra-mock verify needs Pact's verifier, ${PACT_CORE}, an optional dependency that is not installed here (${detail}).
Install it beside the mock: npm install ${PACT_CORE}
or use the image, which has it: docker run --rm -v "$PWD/pacts:/pacts:ro" IMAGE verify /pacts`)
  }
}

export interface VerifierRun {
  /** The verifier's JSON results, or why it could not run. */
  outcome: string
  /** Everything the verifier printed (its own report and pact-core's log lines). */
  output: string
}

/**
 * The child: loads pact-core, verifies, and sends back the result over IPC. Plain CommonJS text,
 * so it runs the same from the bundle, tsc's output and the tests, with no file of its own.
 */
const CHILD_SOURCE = `'use strict'
process.once('message', ({ modulePath, options }) => {
  const reply = (message) => process.send(message, () => process.disconnect())
  let Verifier
  try {
    ({ Verifier } = require(modulePath))
    // pact-core logs "Verifying Pact Files" at info before it applies options.logLevel; its own
    // log lines are no part of the verifier's report.
    require(modulePath).setLogLevel(options.logLevel || 'error')
  } catch (error) {
    reply({ missing: String(error && error.message) })
    return
  }
  Promise.resolve()
    .then(() => new Verifier(options).verify())
    .then((text) => reply({ outcome: String(text) }), (error) => reply({ outcome: String(error && error.message) }))
})
`

/** Where pact-core is, as the mock's own code would require it; VerifierMissingError when absent. */
export function resolvePactCore (): string {
  try {
    return createRequire(join(codeDirectory(), 'verify.js')).resolve(PACT_CORE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new VerifierMissingError('it cannot be found')
    throw error
  }
}

/**
 * Runs Pact's verifier in a child process. The native verifier prints its report straight to the
 * process's stdout; in a child that report is captured, so the caller decides when (and whether)
 * to show it, and a test run stays quiet.
 */
export async function runVerifier (options: VerifierOptions): Promise<VerifierRun> {
  const modulePath = resolvePactCore()
  const child = spawn(process.execPath, ['-e', CHILD_SOURCE], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  const chunks: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk))
  let reply: { outcome?: string, missing?: string } | undefined
  child.once('message', (message) => { reply = message as typeof reply })
  child.send({ modulePath, options })
  const [code, signal] = await once(child, 'close') as [number | null, NodeJS.Signals | null]
  const output = Buffer.concat(chunks).toString('utf8')
  if (reply?.missing !== undefined) throw new VerifierMissingError(reply.missing.split('\n')[0])
  if (reply?.outcome === undefined) return { outcome: `the verifier's process ended (${signal ?? `exit code ${code}`}) without a result`, output }
  return { outcome: reply.outcome, output }
}

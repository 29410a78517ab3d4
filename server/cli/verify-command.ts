import { stripVTControlCharacters } from 'node:util'
import { buildApp } from '../app.js'
import { disablePactTelemetry, wantsColor } from './config.js'
import { unknownStateHints } from '../contract/pact-states-check.js'
import { adminPath } from '../http/admin-route-table.js'
import { UsageError, VERIFY_USAGE, verifyArguments, type VerifyArguments } from '../contract/verify-options.js'
import { resolvePactCore, runVerifier, VerifierMissingError } from '../contract/verifier-process.js'
import { formatReport, type VerifierResults } from '../contract/verify-report.js'

export { DEFAULT_PROVIDER, VERIFY_USAGE } from '../contract/verify-options.js'

export interface CommandIo {
  stdout: { write (text: string): unknown, isTTY?: boolean }
  stderr: { write (text: string): unknown }
}

/** Heads the verifier's own report, printed after the mock's summary. */
export const VERIFIER_REPORT_HEADING = 'The Pact verifier\'s own report:'

function parseResults (text: string): VerifierResults | undefined {
  try {
    const value = JSON.parse(text) as VerifierResults
    return typeof value === 'object' && value !== null && 'result' in value ? value : undefined
  } catch {
    return undefined
  }
}

/** Who the interactions were looked for from: --consumer, else the consumers the pact files name. */
function consumerNames ({ consumers, pacts }: VerifyArguments): string {
  const names = consumers.length > 0 ? consumers : pacts.consumers
  return names.length === 0 ? 'any consumer' : names.join(', ')
}

/**
 * `kaleyra-mock verify`: the mock as a contract oracle. Returns the exit code: 0 when every
 * interaction holds, 1 on any mismatch or failure to verify, 2 on a usage error.
 */
export async function runVerifyCommand (argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args
  try {
    args = await verifyArguments(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    // The reason, and the usage's first line only: the whole text would bury the reason.
    io.stderr.write(`kaleyra-mock verify: ${error.message}\n${VERIFY_USAGE.slice(0, VERIFY_USAGE.indexOf('\n'))} (kaleyra-mock verify --help for more)\n`)
    return 2
  }
  if (args === undefined) {
    io.stdout.write(VERIFY_USAGE)
    return 0
  }
  const { verifier: options, verbose, pacts } = args
  io.stdout.write(pacts.skipped.map((line) => line + '\n').join(''))
  if (pacts.given > 0 && pacts.files.length === 0 && options.pactBrokerUrl === undefined) {
    io.stderr.write(`kaleyra-mock verify: nothing to verify: every pact given is for another provider than ${options.provider} (--provider)\n`)
    return 1
  }

  try {
    resolvePactCore() // before the mock starts, so that a missing verifier is all the output says
  } catch (error) {
    if (!(error instanceof VerifierMissingError)) throw error
    io.stderr.write(`${error.message}\n`)
    return 1
  }
  disablePactTelemetry()
  const app = await buildApp({ logger: false })
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    io.stdout.write(`Verifying against the Kaleyra activation mock at ${url}\n`)
    const { outcome, output } = await runVerifier({
      ...options,
      providerBaseUrl: url,
      providerStatesSetupUrl: `${url}${adminPath('providerStates')}`,
      providerStatesSetupTeardown: true,
      providerStatesSetupBody: true,
      logLevel: 'error',
    })
    // The verifier colours its report whatever it writes to; colour only reaches a terminal that wants it.
    const detail = wantsColor(io.stdout) ? output : stripVTControlCharacters(output)
    const results = parseResults(outcome)
    if (results === undefined) {
      io.stderr.write(`kaleyra-mock verify: the verifier could not run: ${outcome}\n${detail}`)
      return 1
    }
    const report = formatReport(results)
    const total = report.passed + report.failed
    if (total === 0) {
      // An empty pact, or a --consumer no pact is from: nothing was checked, which is no pass.
      io.stderr.write(`kaleyra-mock verify: no interactions for provider ${options.provider} from consumer ${consumerNames(args)}\n`)
      if (verbose) io.stdout.write(`\n${VERIFIER_REPORT_HEADING}\n${detail.trimEnd()}\n`)
      return 1
    }
    io.stdout.write(report.lines.map((line) => line + '\n').join(''))
    io.stdout.write(`${total} interaction${total === 1 ? '' : 's'}: ${report.passed} passed, ${report.failed} failed\n`)
    if (report.failed > 0) io.stdout.write((await unknownStateHints(options.pactUrls ?? [])).map((line) => line + '\n').join(''))
    const passed = results.result && report.failed === 0
    // The mock's summary says what failed; the verifier's report, after it, says it at length.
    if (!passed || verbose) io.stdout.write(`\n${VERIFIER_REPORT_HEADING}\n${detail.trimEnd()}\n`)
    return passed ? 0 : 1
  } catch (error) {
    if (!(error instanceof VerifierMissingError)) throw error
    io.stderr.write(`${error.message}\n`)
    return 1
  } finally {
    await app.close()
  }
}

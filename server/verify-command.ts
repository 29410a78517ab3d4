import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { Verifier, type ConsumerVersionSelector, type VerifierOptions } from '@pact-foundation/pact-core'
import { buildApp } from './app.js'
import { PROVIDER_STATES_PATH } from './provider-states-route.js'
import { formatReport, type VerifierResults } from './verify-report.js'

export interface CommandIo {
  stdout: { write (text: string): unknown }
  stderr: { write (text: string): unknown }
}

export const DEFAULT_PROVIDER = 'kaleyra-whatsapp-activation-api'

export const VERIFY_USAGE = `Usage: kaleyra-mock verify <pact file or folder or URL>... [options]
       kaleyra-mock verify --broker-url <url> [--consumer <name>]... [options]

Starts the mock on a free port, verifies the pacts against it (provider states through
POST /__admin/provider-states), prints one line per interaction and exits 1 on any mismatch.

Options:
  --broker-url <url>        fetch the pacts for --provider from a Pact Broker
  --provider <name>         provider name in the broker (default ${DEFAULT_PROVIDER})
  --consumer <name>         only this consumer's pacts (repeatable)
  --selector <json>         consumer version selector, e.g. '{"mainBranch":true}' (repeatable;
                            default: main branch and deployed or released versions)
  --broker-token <token>    bearer token for the broker
  --broker-username <name>, --broker-password <password>
  -h, --help                this text
`

class UsageError extends Error {}

const OPTIONS = {
  'broker-url': { type: 'string' },
  provider: { type: 'string', default: DEFAULT_PROVIDER },
  consumer: { type: 'string', multiple: true, default: [] as string[] },
  selector: { type: 'string', multiple: true, default: [] as string[] },
  'broker-token': { type: 'string' },
  'broker-username': { type: 'string' },
  'broker-password': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options']

/** Files as they are, folders as the .json files in them (the verifier skips folders silently). */
async function pactFiles (sources: string[]): Promise<string[]> {
  const files: string[] = []
  for (const source of sources) {
    if (/^https?:\/\//i.test(source)) {
      files.push(source)
      continue
    }
    const info = await stat(source).catch(() => { throw new UsageError(`No such pact file or folder: ${source}`) })
    if (!info.isDirectory()) {
      files.push(source)
      continue
    }
    const inFolder = (await readdir(source)).filter((name) => name.endsWith('.json')).sort()
    if (inFolder.length === 0) throw new UsageError(`No .json pact files in ${source}`)
    files.push(...inFolder.map((name) => join(source, name)))
  }
  return files
}

function selectors (raw: string[], consumers: string[]): ConsumerVersionSelector[] {
  const base: ConsumerVersionSelector[] = raw.length === 0
    ? [{ mainBranch: true }, { deployedOrReleased: true }]
    : raw.map((text) => {
      try {
        return JSON.parse(text) as ConsumerVersionSelector
      } catch {
        throw new UsageError(`--selector is not JSON: ${text}`)
      }
    })
  return consumers.length === 0 ? base : consumers.flatMap((consumer) => base.map((selector) => ({ ...selector, consumer })))
}

async function verifierOptions (argv: string[]): Promise<Omit<VerifierOptions, 'providerBaseUrl'> | undefined> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) return undefined
  const brokerUrl = values['broker-url']
  if (positionals.length === 0 && brokerUrl === undefined) throw new UsageError('Give at least one pact file, folder or URL, or --broker-url.')
  const options: Omit<VerifierOptions, 'providerBaseUrl'> = {
    provider: values.provider,
    pactUrls: await pactFiles(positionals),
    ...(brokerUrl === undefined
      ? { consumerFilters: values.consumer.length > 0 ? values.consumer : undefined }
      : { pactBrokerUrl: brokerUrl, consumerVersionSelectors: selectors(values.selector, values.consumer) }),
    pactBrokerToken: values['broker-token'],
    pactBrokerUsername: values['broker-username'],
    pactBrokerPassword: values['broker-password'],
    failIfNoPactsFound: true,
  }
  // The verifier's option checks reject keys that are present but undefined.
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as typeof options
}

function parseResults (text: string): VerifierResults | undefined {
  try {
    const value = JSON.parse(text) as VerifierResults
    return typeof value === 'object' && value !== null && 'result' in value ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * `kaleyra-mock verify`: the mock as a contract oracle. Returns the exit code: 0 when every
 * interaction holds, 1 on any mismatch or failure to verify, 2 on a usage error.
 */
export async function runVerifyCommand (argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let options
  try {
    options = await verifierOptions(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`kaleyra-mock verify: ${error.message}\n\n${VERIFY_USAGE}`)
    return 2
  }
  if (options === undefined) {
    io.stdout.write(VERIFY_USAGE)
    return 0
  }

  const app = await buildApp({ logger: false })
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    io.stdout.write(`Verifying against the Kaleyra activation mock at ${url}\n`)
    const outcome = await Promise.resolve()
      .then(() => new Verifier({
        ...options,
        providerBaseUrl: url,
        providerStatesSetupUrl: `${url}${PROVIDER_STATES_PATH}`,
        providerStatesSetupTeardown: true,
        providerStatesSetupBody: true,
        logLevel: 'error',
      }).verify())
      .then((text) => text, (error: Error) => error.message)
    const results = parseResults(outcome)
    if (results === undefined) {
      io.stderr.write(`kaleyra-mock verify: the verifier could not run: ${outcome}\n`)
      return 1
    }
    const report = formatReport(results)
    io.stdout.write(report.lines.map((line) => line + '\n').join(''))
    io.stdout.write(`${report.passed + report.failed} interactions: ${report.passed} passed, ${report.failed} failed\n`)
    return results.result && report.failed === 0 && report.passed > 0 ? 0 : 1
  } finally {
    await app.close()
  }
}

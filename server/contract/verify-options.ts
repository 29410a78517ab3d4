import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ConsumerVersionSelector, VerifierOptions } from '@pact-foundation/pact-core'

/** Command-line options of `kaleyra-mock verify`, turned into Pact verifier options. */

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
  --publish <version>       publish the results to the broker as this provider version
                            (so can-i-deploy can answer); with --provider-branch <branch>
  --verbose                 print the Pact verifier's own report after the summary even
                            when every interaction passes (it is printed on any failure)
  -h, --help                this text

Colour: only on a terminal, and never when NO_COLOR is set.
`

export class UsageError extends Error {}

const OPTIONS = {
  'broker-url': { type: 'string' },
  provider: { type: 'string', default: DEFAULT_PROVIDER },
  consumer: { type: 'string', multiple: true, default: [] as string[] },
  selector: { type: 'string', multiple: true, default: [] as string[] },
  'broker-token': { type: 'string' },
  'broker-username': { type: 'string' },
  'broker-password': { type: 'string' },
  publish: { type: 'string' },
  'provider-branch': { type: 'string' },
  verbose: { type: 'boolean', default: false },
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

export type PactVerifierOptions = Omit<VerifierOptions, 'providerBaseUrl'>

/** The verifier's options from the command line; undefined for --help. */
export async function verifierOptions (argv: string[]): Promise<PactVerifierOptions | undefined> {
  return (await verifyArguments(argv))?.verifier
}

/** The command line of `verify`: the verifier's options, and how much to print. */
export async function verifyArguments (argv: string[]): Promise<{ verifier: PactVerifierOptions, verbose: boolean } | undefined> {
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
  if (values.publish !== undefined && brokerUrl === undefined) throw new UsageError('--publish needs --broker-url.')
  const options: PactVerifierOptions = {
    provider: values.provider,
    pactUrls: await pactFiles(positionals),
    ...(brokerUrl === undefined
      ? { consumerFilters: values.consumer.length > 0 ? values.consumer : undefined }
      : { pactBrokerUrl: brokerUrl, consumerVersionSelectors: selectors(values.selector, values.consumer) }),
    pactBrokerToken: values['broker-token'],
    pactBrokerUsername: values['broker-username'],
    pactBrokerPassword: values['broker-password'],
    publishVerificationResult: values.publish === undefined ? undefined : true,
    providerVersion: values.publish,
    providerVersionBranch: values['provider-branch'],
    failIfNoPactsFound: true,
  }
  // The verifier's option checks reject keys that are present but undefined.
  return { verifier: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as typeof options, verbose: values.verbose }
}

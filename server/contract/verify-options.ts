import { readdir, readFile, stat } from 'node:fs/promises'
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
  --provider <name>         the provider to verify (default ${DEFAULT_PROVIDER}); pact
                            files for other providers are skipped
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
    if (isUrl(source)) {
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

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source)

/** The names a pact file gives, or undefined when it is not a pact the mock can read (the verifier then says why). */
async function pactParties (file: string): Promise<{ provider?: string, consumer?: string } | undefined> {
  try {
    const pact = JSON.parse(await readFile(file, 'utf8')) as { provider?: { name?: unknown }, consumer?: { name?: unknown } } | null
    const name = (party: { name?: unknown } | undefined) => typeof party?.name === 'string' ? party.name : undefined
    return { provider: name(pact?.provider ?? undefined), consumer: name(pact?.consumer ?? undefined) }
  } catch {
    return undefined
  }
}

interface PactSelection {
  /** What is left to verify: URLs, and the files for the provider (or that name none). */
  files: string[]
  /** One line per file left out: a pact for another provider. */
  skipped: string[]
  /** The consumers the kept files name. */
  consumers: string[]
}

/**
 * Leaves out the pacts for other providers: a folder of pacts often holds a client's pacts with
 * every service it calls, and verifying a payments pact against this mock can only fail.
 */
async function pactsFor (provider: string, files: string[]): Promise<PactSelection> {
  const selection: PactSelection = { files: [], skipped: [], consumers: [] }
  for (const file of files) {
    const parties = isUrl(file) ? undefined : await pactParties(file)
    if (parties?.provider !== undefined && parties.provider !== provider) {
      selection.skipped.push(`Skipping ${file}: a pact for provider ${parties.provider}, not ${provider}`)
      continue
    }
    selection.files.push(file)
    if (parties?.consumer !== undefined && !selection.consumers.includes(parties.consumer)) selection.consumers.push(parties.consumer)
  }
  return selection
}

/** The verifier's options from the command line; undefined for --help. */
export async function verifierOptions (argv: string[]): Promise<PactVerifierOptions | undefined> {
  return (await verifyArguments(argv))?.verifier
}

export interface VerifyArguments {
  verifier: PactVerifierOptions
  verbose: boolean
  /** The pact files and URLs given, and which of them are for this provider. */
  pacts: PactSelection & { given: number }
  /** --consumer, as given. */
  consumers: string[]
}

/** The command line of `verify`: the verifier's options, and how much to print. */
export async function verifyArguments (argv: string[]): Promise<VerifyArguments | undefined> {
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
  const given = await pactFiles(positionals)
  const pacts = await pactsFor(values.provider, given)
  const options: PactVerifierOptions = {
    provider: values.provider,
    pactUrls: pacts.files,
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
  return {
    verifier: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as typeof options,
    verbose: values.verbose,
    pacts: { ...pacts, given: given.length },
    consumers: values.consumer,
  }
}

import { parseArgs } from 'node:util'
import { DEFAULT_LIMITS, type Limits } from '../http/limits.js'
import { ConfigError, wholeNumber, type Parse } from '../platform/settings.js'
import type { StateConfig } from '../state/open-state.js'
import { CONFIG_DEFAULTS, CONFIG_OPTIONS, OPTION_NAMES, type LogFormat, type OptionName } from './config-options.js'

/** The whole of the mock's configuration; the only module that reads the environment. */
export interface Config {
  port: number
  host: string
  logLevel: string
  logFormat: LogFormat
  seed?: string
  /** Fixed clock, milliseconds since the epoch. */
  now?: number
  accountsFile?: string
  limits: Limits
  journalSize: number
  adminToken?: string
  /** Host names the admin API answers for besides loopback and localhost; `*` for any. */
  allowedHosts?: string[]
  /** How long in-flight requests get to finish after SIGTERM/SIGINT. */
  shutdownTimeoutMs: number
  state: StateConfig
  /** Running in the project's image (its Dockerfile sets MOCK_IN_CONTAINER=1): the port it listens on is the container's. */
  inContainer: boolean
  /**
   * Started by `npx` or `npm start`, through a shell npm leaves behind when it is stopped by its PID:
   * the server then stops when that shell has gone (parent-watch.ts).
   */
  stopWithParent: boolean
}

type Env = Readonly<Record<string, string | undefined>>

/** Reads the command line's options (flags win over the environment); unknown flags are errors. */
function parseFlags (argv: readonly string[]): Partial<Record<OptionName, string>> {
  const options = Object.fromEntries(OPTION_NAMES.map((name) => [CONFIG_OPTIONS[name].flag, { type: 'string' as const }]))
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
    const byName: Partial<Record<OptionName, string>> = {}
    for (const name of OPTION_NAMES) {
      const value = values[CONFIG_OPTIONS[name].flag]
      if (typeof value === 'string') byName[name] = value
    }
    return byName
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')
    throw new ConfigError(`${message}. Run with --help for the options.`)
  }
}

/**
 * Reads and checks the configuration from the environment and the command line,
 * failing fast with a message that names the variable or flag.
 */
export function loadConfig (env: Env = process.env, argv: readonly string[] = []): Config {
  const flags = parseFlags(argv)
  const source = (name: OptionName): { text: string | undefined, source: string } => {
    const { flag, env: variable } = CONFIG_OPTIONS[name]
    if (flags[name] !== undefined) return { text: flags[name], source: `--${flag}` }
    const text = env[variable]
    return { text: text === '' ? undefined : text, source: variable }
  }
  // The setting's value: its text read by its parser (or another, for bounds known only here), else its default.
  function read<Name extends OptionName> (name: Name, parse: Parse<unknown> = CONFIG_OPTIONS[name].parse): typeof CONFIG_DEFAULTS[Name] {
    const given = source(name)
    return (given.text === undefined ? CONFIG_DEFAULTS[name] : parse(given.text, given.source)) as typeof CONFIG_DEFAULTS[Name]
  }

  const bodyBytes = read('maxBodyBytes')
  return {
    port: read('port'),
    host: read('host'),
    logLevel: read('logLevel'),
    logFormat: read('logFormat'),
    seed: read('seed'),
    now: read('now'),
    accountsFile: read('accountsFile'),
    limits: { ...DEFAULT_LIMITS, bodyBytes, certificateBytes: read('maxCertificateBytes', wholeNumber(1, bodyBytes)), requestTimeoutMs: read('requestTimeoutMs') },
    journalSize: read('journalSize'),
    adminToken: read('adminToken'),
    allowedHosts: read('allowedHosts'),
    shutdownTimeoutMs: read('shutdownTimeoutMs'),
    state: readState(read('store'), read('storePrefix'), read('storeTimeoutMs'), read('stateFile'), source('stateFile').source),
    inContainer: env.MOCK_IN_CONTAINER === '1',
    stopWithParent: env.npm_lifecycle_event === 'npx' || env.npm_lifecycle_event === 'start',
  }
}

function readState (store: string, prefix: string, timeoutMs: number, stateFile: string | undefined, stateFileSource: string): StateConfig {
  if (store === 'memory') return { kind: 'memory', stateFile }
  if (stateFile !== undefined) throw new ConfigError(`${stateFileSource} works with the in-memory store only; Redis keeps the state itself.`)
  return { kind: 'redis', url: store, prefix, timeoutMs }
}

/** Colour for a terminal only, and never when NO_COLOR is set to anything (https://no-color.org). */
export function wantsColor (stream: { isTTY?: boolean }, env: Env = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === ''
}

/** Pact's native core reports usage to the Pact Foundation unless told not to; the mock never phones home. */
export function disablePactTelemetry (env: Record<string, string | undefined> = process.env): void {
  if (env.PACT_DO_NOT_TRACK === undefined || env.PACT_DO_NOT_TRACK === '') env.PACT_DO_NOT_TRACK = 'true'
}

import { parseArgs } from 'node:util'
import { DEFAULT_LIMITS, type Limits } from '../http/limits.js'
import { CONFIG_OPTIONS, type OptionName } from './config-options.js'

export { CONFIG_OPTIONS } from './config-options.js'

/** The whole of the mock's configuration; the only module that reads the environment. */
export interface Config {
  port: number
  host: string
  logLevel: string
  seed?: string
  /** Fixed clock, milliseconds since the epoch. */
  now?: number
  accountsFile?: string
  limits: Limits
  journalSize: number
  adminToken?: string
  /** How long in-flight requests get to finish after SIGTERM/SIGINT. */
  shutdownTimeoutMs: number
  store: StoreConfig
}

/** Where state lives: this process's memory (optionally kept in a file), or a Redis shared by replicas. */
export type StoreConfig =
  | { kind: 'memory', stateFile?: string }
  | { kind: 'redis', url: string, prefix: string, timeoutMs: number }

export class ConfigError extends Error {
  readonly name = 'ConfigError'
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Env = Readonly<Record<string, string | undefined>>
type Raw = (name: OptionName) => { value: string | undefined, source: string }

function readInteger (raw: Raw, name: OptionName, fallback: number, min: number, max: number): number {
  const { value, source } = raw(name)
  if (value === undefined) return fallback
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${source} must be a whole number from ${min} to ${max}; got "${value}".`)
  }
  return Number(value)
}

function readNow (raw: Raw): number | undefined {
  const { value, source } = raw('now')
  if (value === undefined) return undefined
  // Epoch seconds, as the API itself writes times, or an ISO 8601 date.
  const millis = /^[0-9]+$/.test(value) ? Number(value) * 1000 : Date.parse(value)
  if (Number.isNaN(millis)) throw new ConfigError(`${source} must be epoch seconds or an ISO 8601 date; got "${value}".`)
  return millis
}

/** Reads the command line's options (flags win over the environment); unknown flags are errors. */
function parseFlags (argv: readonly string[]): Partial<Record<OptionName, string>> {
  const options = Object.fromEntries(CONFIG_OPTIONS.map((option) => [option.flag, { type: 'string' as const }]))
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false })
    const byName: Partial<Record<OptionName, string>> = {}
    for (const option of CONFIG_OPTIONS) {
      const value = values[option.flag]
      if (typeof value === 'string') byName[option.name] = value
    }
    return byName
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')
    throw new ConfigError(`${message}. Run with --help for the options.`)
  }
}

function readStore (raw: Raw): StoreConfig {
  const { value, source } = raw('store')
  const stateFile = raw('stateFile')
  if (value === undefined || value === 'memory') return { kind: 'memory', stateFile: stateFile.value }
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || !/^(\/[0-9]*)?$/.test(url.pathname)) {
    throw new ConfigError(`${source} must be "memory" or redis://host:port/db; got "${value}".`)
  }
  if (stateFile.value !== undefined) throw new ConfigError(`${stateFile.source} works with the in-memory store only; Redis keeps the state itself.`)
  return { kind: 'redis', url: value, prefix: raw('storePrefix').value ?? 'kaleyra-mock:', timeoutMs: readInteger(raw, 'storeTimeoutMs', 1000, 10, 60_000) }
}

/**
 * Reads and checks the configuration from the environment and the command line,
 * failing fast with a message that names the variable or flag.
 */
export function loadConfig (env: Env = process.env, argv: readonly string[] = []): Config {
  const flags = parseFlags(argv)
  const raw: Raw = (name) => {
    const option = CONFIG_OPTIONS.find((candidate) => candidate.name === name)!
    if (flags[name] !== undefined) return { value: flags[name], source: `--${option.flag}` }
    const value = env[option.env]
    return { value: value === '' ? undefined : value, source: option.env }
  }

  const logLevel = raw('logLevel').value ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`${raw('logLevel').source} must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`)
  const bodyBytes = readInteger(raw, 'maxBodyBytes', DEFAULT_LIMITS.bodyBytes, 1024, 1024 ** 3)
  const certificateBytes = readInteger(raw, 'maxCertificateBytes', DEFAULT_LIMITS.certificateBytes, 1, bodyBytes)
  const adminToken = raw('adminToken').value
  return {
    port: readInteger(raw, 'port', 8080, 0, 65535),
    host: raw('host').value ?? '127.0.0.1',
    logLevel,
    seed: raw('seed').value,
    now: readNow(raw),
    accountsFile: raw('accountsFile').value,
    limits: { ...DEFAULT_LIMITS, bodyBytes, certificateBytes, requestTimeoutMs: readInteger(raw, 'requestTimeoutMs', DEFAULT_LIMITS.requestTimeoutMs, 100, 3_600_000) },
    journalSize: readInteger(raw, 'journalSize', 1000, 1, 1_000_000),
    adminToken,
    shutdownTimeoutMs: readInteger(raw, 'shutdownTimeoutMs', 10_000, 0, 600_000),
    store: readStore(raw),
  }
}

/** Pact's native core reports usage to the Pact Foundation unless told not to; the mock never phones home. */
export function disablePactTelemetry (env: Record<string, string | undefined> = process.env): void {
  if (env.PACT_DO_NOT_TRACK === undefined || env.PACT_DO_NOT_TRACK === '') env.PACT_DO_NOT_TRACK = 'true'
}

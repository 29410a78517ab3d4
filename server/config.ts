import { DEFAULT_LIMITS, type Limits } from './app.js'

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
}

export class ConfigError extends Error {
  readonly name = 'ConfigError'
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Env = Readonly<Record<string, string | undefined>>

function readInteger (env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`)
  }
  return Number(raw)
}

function readNow (raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  // Epoch seconds, as the API itself writes times, or an ISO 8601 date.
  const millis = /^[0-9]+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw)
  if (Number.isNaN(millis)) throw new ConfigError(`MOCK_NOW must be epoch seconds or an ISO 8601 date; got "${raw}".`)
  return millis
}

/** Reads and checks the configuration, failing fast with a message that names the variable. */
export function loadConfig (env: Env = process.env): Config {
  const logLevel = env.LOG_LEVEL === undefined || env.LOG_LEVEL === '' ? 'info' : env.LOG_LEVEL
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`)
  const bodyBytes = readInteger(env, 'MOCK_MAX_BODY_BYTES', DEFAULT_LIMITS.bodyBytes, 1024, 1024 ** 3)
  const certificateBytes = readInteger(env, 'MOCK_MAX_CERTIFICATE_BYTES', DEFAULT_LIMITS.certificateBytes, 1, bodyBytes)
  return {
    port: readInteger(env, 'PORT', 8080, 0, 65535),
    host: env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST,
    logLevel,
    seed: env.MOCK_SEED === '' ? undefined : env.MOCK_SEED,
    now: readNow(env.MOCK_NOW),
    accountsFile: env.MOCK_ACCOUNTS_FILE === '' ? undefined : env.MOCK_ACCOUNTS_FILE,
    limits: { ...DEFAULT_LIMITS, bodyBytes, certificateBytes },
  }
}

/** Pact's native core reports usage to the Pact Foundation unless told not to; the mock never phones home. */
export function disablePactTelemetry (env: Record<string, string | undefined> = process.env): void {
  if (env.PACT_DO_NOT_TRACK === undefined || env.PACT_DO_NOT_TRACK === '') env.PACT_DO_NOT_TRACK = 'true'
}

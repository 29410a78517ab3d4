/*
 * Every setting of the mock, once: its flag, its variable, its default, how its text is read and
 * what it means. The configuration (config.ts), `--help` and the README's table (npm run
 * docs:config) read it. A default or bound that a lower layer uses lives there (http/limits.ts,
 * journal/journal.ts, state/redis-settings.ts) and is read from there; those are light leaves, so
 * reading the configuration still loads neither the app nor Fastify nor ioredis.
 */
import { DEFAULT_JOURNAL_CAPACITY, parseJournalCapacity } from '../journal/journal.js'
import { DEFAULT_LIMITS, LIMIT_PARSERS } from '../http/limits.js'
import { ConfigError, parseNow, parsePort, wholeNumber, type Parse } from '../platform/settings.js'
import { parseHostList } from '../admin/allowed-hosts.js'
import { DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_TIMEOUT_MS, parseRedisTimeout } from '../state/redis-settings.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
const LOG_FORMATS = ['json', 'pretty'] as const
export type LogFormat = typeof LOG_FORMATS[number]

/** One of a fixed list of words. */
function oneOf<Word extends string> (words: readonly Word[]): Parse<Word> {
  return (text, source) => {
    if (!(words as readonly string[]).includes(text)) throw new ConfigError(`${source} must be one of ${words.join(', ')}; got "${text}".`)
    return text as Word
  }
}

/** "memory", or a redis:// (rediss://) URL whose path, if any, is a database number. */
const parseStore: Parse<string> = (text, source) => {
  if (text === 'memory') return text
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {}
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || !/^(\/[0-9]*)?$/.test(url.pathname)) {
    throw new ConfigError(`${source} must be "memory" or redis://host:port/db; got "${text}".`)
  }
  return text
}

const asText: Parse<string> = (text) => text

interface Option<T> {
  flag: string
  env: string
  /** The value when neither the flag nor the variable is set; undefined when the setting is off. */
  value: T
  /** How `--help` and the README show an unset setting. */
  shown: string
  /** Said after the default, e.g. "8 MiB". */
  note?: string
  parse: Parse<NonNullable<T>>
  /** What it does; `code` in backticks, which the README keeps and `--help` drops. */
  help: string
}

function option<T> (spec: Omit<Option<T>, 'shown'> & { shown?: string }): Option<T> {
  return { ...spec, shown: spec.shown ?? String(spec.value) }
}

export const CONFIG_OPTIONS = {
  port: option({ flag: 'port', env: 'PORT', value: 8080, parse: parsePort, help: 'port to listen on (0: any free port)' }),
  host: option({ flag: 'host', env: 'HOST', value: '127.0.0.1', parse: asText, help: 'address to listen on (`0.0.0.0` in a container)' }),
  logLevel: option({ flag: 'log-level', env: 'LOG_LEVEL', value: 'info', parse: oneOf(LOG_LEVELS), help: `pino level: ${LOG_LEVELS.join(', ')}` }),
  logFormat: option<LogFormat>({ flag: 'log-format', env: 'LOG_FORMAT', value: 'json', parse: oneOf(LOG_FORMATS), help: '`json` lines, or `pretty` to read (pino-pretty)' }),
  seed: option<string | undefined>({ flag: 'seed', env: 'MOCK_SEED', value: undefined, shown: 'random', parse: asText, help: 'seed for generated values' }),
  now: option<number | undefined>({ flag: 'now', env: 'MOCK_NOW', value: undefined, shown: 'system clock', parse: parseNow, help: 'fixed clock: epoch seconds or ISO 8601' }),
  accountsFile: option<string | undefined>({ flag: 'accounts-file', env: 'MOCK_ACCOUNTS_FILE', value: undefined, shown: 'none', parse: asText, help: 'JSON list of accepted `{sid, apiKey}` pairs' }),
  maxBodyBytes: option({ flag: 'max-body-bytes', env: 'MOCK_MAX_BODY_BYTES', value: DEFAULT_LIMITS.bodyBytes, note: '8 MiB', parse: LIMIT_PARSERS.bodyBytes, help: 'whole request body; past it 413 E420' }),
  // Its upper bound is the body limit, checked in config.ts where both are known.
  maxCertificateBytes: option({ flag: 'max-certificate-bytes', env: 'MOCK_MAX_CERTIFICATE_BYTES', value: DEFAULT_LIMITS.certificateBytes, note: '2 MiB, PHP\'s upload_max_filesize', parse: LIMIT_PARSERS.certificateBytes, help: 'one uploaded file; past it E413 "failed to upload"' }),
  requestTimeoutMs: option({ flag: 'request-timeout-ms', env: 'MOCK_REQUEST_TIMEOUT_MS', value: DEFAULT_LIMITS.requestTimeoutMs, parse: LIMIT_PARSERS.requestTimeoutMs, help: 'time to receive a whole request, headers and body; past it 408 E408, connection closed' }),
  journalSize: option({ flag: 'journal-size', env: 'MOCK_JOURNAL_SIZE', value: DEFAULT_JOURNAL_CAPACITY, parse: parseJournalCapacity, help: 'requests the journal keeps (1 to 1,000,000)' }),
  adminToken: option<string | undefined>({ flag: 'admin-token', env: 'MOCK_ADMIN_TOKEN', value: undefined, shown: 'none', parse: asText, help: 'when set, `/__admin` needs `Authorization: Bearer <token>`, but for health, fixtures and the page' }),
  allowedHosts: option<string[] | undefined>({ flag: 'allowed-hosts', env: 'MOCK_ALLOWED_HOSTS', value: undefined, shown: 'none', parse: parseHostList, help: 'names the admin API answers for besides `localhost` and IP addresses (`*`: any; the image adds dotless names)' }),
  shutdownTimeoutMs: option({ flag: 'shutdown-timeout-ms', env: 'MOCK_SHUTDOWN_TIMEOUT_MS', value: 10_000, parse: wholeNumber(0, 600_000), help: 'how long in-flight requests get to finish on SIGTERM/SIGINT' }),
  store: option({ flag: 'store', env: 'MOCK_STORE', value: 'memory', parse: parseStore, help: '`memory`, or `redis://host:port/db` (`rediss://` for TLS) to share state between replicas' }),
  storePrefix: option({ flag: 'store-prefix', env: 'MOCK_STORE_PREFIX', value: DEFAULT_REDIS_PREFIX, parse: asText, help: 'prefix of every Redis key; mocks with different prefixes share one Redis without meeting' }),
  storeTimeoutMs: option({ flag: 'store-timeout-ms', env: 'MOCK_STORE_TIMEOUT_MS', value: DEFAULT_REDIS_TIMEOUT_MS, parse: parseRedisTimeout, help: 'longest a request waits for Redis, all its steps together (not its body\'s arrival), before it gets 503' }),
  stateFile: option<string | undefined>({ flag: 'state-file', env: 'MOCK_STATE_FILE', value: undefined, shown: 'none', parse: asText, help: 'in-memory state only: JSON file the accounts are loaded from at start and durably written to before every change is answered' }),
}

export type OptionName = keyof typeof CONFIG_OPTIONS

export const OPTION_NAMES = Object.keys(CONFIG_OPTIONS) as OptionName[]

/** The default of every setting, by name, typed (undefined: off). */
export const CONFIG_DEFAULTS = Object.fromEntries(OPTION_NAMES.map((name) => [name, CONFIG_OPTIONS[name].value])) as {
  [Name in OptionName]: typeof CONFIG_OPTIONS[Name]['value']
}

/** The options part of `--help`. */
export function optionsHelp (): string {
  const rows = OPTION_NAMES.map((name) => {
    const { flag, env, help, shown, note } = CONFIG_OPTIONS[name]
    return [`  --${flag} <value>`, env, `${help.replaceAll('`', '')} (default: ${shown}${note === undefined ? '' : `, ${note}`})`]
  })
  const flagWidth = Math.max(...rows.map((row) => row[0].length))
  const envWidth = Math.max(...rows.map((row) => row[1].length))
  return rows.map(([flag, env, help]) => `${flag.padEnd(flagWidth)}  ${env.padEnd(envWidth)}  ${help}`).join('\n')
}

/** The README's configuration table, in Markdown (npm run docs:config prints it). */
export function optionsTable (): string {
  const rows = OPTION_NAMES.map((name) => {
    const { flag, env, help, shown, note, value } = CONFIG_OPTIONS[name]
    const fallback = (value === undefined ? shown : `\`${shown}\``) + (note === undefined ? '' : ` (${note})`)
    return `| \`--${flag}\` | \`${env}\` | ${fallback} | ${help.replaceAll('|', '\\|')} |`
  })
  return ['| flag | variable | default | meaning |', '|---|---|---|---|', ...rows].join('\n') + '\n'
}

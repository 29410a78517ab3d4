/** Every setting, once: its flag, its variable, and the help line both the CLI and README show. */
export const CONFIG_OPTIONS = [
  { name: 'port', flag: 'port', env: 'PORT', fallback: '8080', help: 'port to listen on (0: any free port)' },
  { name: 'host', flag: 'host', env: 'HOST', fallback: '127.0.0.1', help: 'address to listen on (0.0.0.0 in a container)' },
  { name: 'logLevel', flag: 'log-level', env: 'LOG_LEVEL', fallback: 'info', help: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'seed', flag: 'seed', env: 'MOCK_SEED', fallback: 'random', help: 'seed for generated values' },
  { name: 'now', flag: 'now', env: 'MOCK_NOW', fallback: 'system clock', help: 'fixed clock: epoch seconds or ISO 8601' },
  { name: 'accountsFile', flag: 'accounts-file', env: 'MOCK_ACCOUNTS_FILE', fallback: 'none', help: 'JSON list of accepted {sid, apiKey} pairs' },
  { name: 'maxBodyBytes', flag: 'max-body-bytes', env: 'MOCK_MAX_BODY_BYTES', fallback: '8388608', help: 'whole request body; past it 413 E420' },
  { name: 'maxCertificateBytes', flag: 'max-certificate-bytes', env: 'MOCK_MAX_CERTIFICATE_BYTES', fallback: '5242880', help: 'one uploaded file; past it E413 "failed to upload"' },
  { name: 'requestTimeoutMs', flag: 'request-timeout-ms', env: 'MOCK_REQUEST_TIMEOUT_MS', fallback: '30000', help: 'time to receive a whole request, headers and body; past it 408 E408 and the connection is closed' },
  { name: 'journalSize', flag: 'journal-size', env: 'MOCK_JOURNAL_SIZE', fallback: '1000', help: 'requests the journal keeps (older ones are dropped and counted)' },
  { name: 'adminToken', flag: 'admin-token', env: 'MOCK_ADMIN_TOKEN', fallback: 'none', help: 'when set, /__admin routes but health need Authorization: Bearer <token>' },
  { name: 'shutdownTimeoutMs', flag: 'shutdown-timeout-ms', env: 'MOCK_SHUTDOWN_TIMEOUT_MS', fallback: '10000', help: 'time in-flight requests get to finish on SIGTERM/SIGINT' },
  { name: 'store', flag: 'store', env: 'MOCK_STORE', fallback: 'memory', help: 'memory, or redis://host:port/db to share state between replicas' },
  { name: 'storePrefix', flag: 'store-prefix', env: 'MOCK_STORE_PREFIX', fallback: 'kaleyra-mock:', help: 'prefix of every Redis key; another prefix is another mock' },
  { name: 'storeTimeoutMs', flag: 'store-timeout-ms', env: 'MOCK_STORE_TIMEOUT_MS', fallback: '1000', help: 'longest wait for Redis before a request gets 503' },
  { name: 'stateFile', flag: 'state-file', env: 'MOCK_STATE_FILE', fallback: 'none', help: 'memory store only: JSON file the state is loaded from and written to on every change' },
] as const

export type OptionName = typeof CONFIG_OPTIONS[number]['name']

/** The options part of `--help`. */
export function optionsHelp (): string {
  const rows = CONFIG_OPTIONS.map((option) => [`  --${option.flag} <value>`, `${option.env}`, `${option.help} (default: ${option.fallback})`])
  const flagWidth = Math.max(...rows.map((row) => row[0].length))
  const envWidth = Math.max(...rows.map((row) => row[1].length))
  return rows.map(([flag, env, help]) => `${flag.padEnd(flagWidth)}  ${env.padEnd(envWidth)}  ${help}`).join('\n')
}

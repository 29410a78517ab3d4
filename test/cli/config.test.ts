import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/app.js'
import { loadConfig } from '../../server/cli/config.js'
import { ConfigError } from '../../server/platform/settings.js'

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    expect(loadConfig({}, [])).toEqual({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'info',
      logFormat: 'json',
      seed: undefined,
      now: undefined,
      accountsFile: undefined,
      limits: DEFAULT_LIMITS,
      journalSize: 1000,
      adminToken: undefined,
      shutdownTimeoutMs: 10_000,
      state: { kind: 'memory', stateFile: undefined },
      inContainer: false,
      stopWithParent: false,
    })
  })

  it('reads every variable from the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      MOCK_SEED: 'ci',
      MOCK_NOW: '2026-01-15T12:00:00Z',
      MOCK_ACCOUNTS_FILE: 'accounts.json',
      MOCK_MAX_BODY_BYTES: '2048',
      MOCK_MAX_CERTIFICATE_BYTES: '1024',
      MOCK_JOURNAL_SIZE: '5',
      MOCK_ADMIN_TOKEN: 'tok',
      MOCK_SHUTDOWN_TIMEOUT_MS: '500',
      MOCK_STATE_FILE: 'state.json',
      MOCK_IN_CONTAINER: '1',
      npm_lifecycle_event: 'npx',
    })
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      logLevel: 'warn',
      logFormat: 'pretty',
      seed: 'ci',
      now: Date.UTC(2026, 0, 15, 12),
      accountsFile: 'accounts.json',
      limits: { ...DEFAULT_LIMITS, bodyBytes: 2048, certificateBytes: 1024 },
      journalSize: 5,
      adminToken: 'tok',
      shutdownTimeoutMs: 500,
      state: { kind: 'memory', stateFile: 'state.json' },
      inContainer: true,
      stopWithParent: true,
    })
  })

  it('lets a command-line flag win over the environment', () => {
    const config = loadConfig({ PORT: '9000', MOCK_JOURNAL_SIZE: '5' }, ['--port', '9100', '--journal-size=7', '--now', '1700000000', '--admin-token', 'x'])
    expect({ port: config.port, journalSize: config.journalSize, now: config.now, adminToken: config.adminToken }).toEqual({ port: 9100, journalSize: 7, now: 1_700_000_000_000, adminToken: 'x' })
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', MOCK_ADMIN_TOKEN: '' }, [])).toMatchObject({ port: 8080, adminToken: undefined })
  })

  it.each([
    [{ PORT: 'eighty' }, [], 'PORT must be a whole number from 0 to 65535; got "eighty".'],
    [{}, ['--port', '70000'], '--port must be a whole number from 0 to 65535; got "70000".'],
    [{ LOG_LEVEL: 'loud' }, [], 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud".'],
    [{ MOCK_JOURNAL_SIZE: '0' }, [], 'MOCK_JOURNAL_SIZE must be a whole number from 1 to 1000000; got "0".'],
    [{ MOCK_NOW: 'yesterday' }, [], 'MOCK_NOW must be epoch seconds or an ISO 8601 date; got "yesterday".'],
    [{ MOCK_MAX_BODY_BYTES: '4096', MOCK_MAX_CERTIFICATE_BYTES: '8192' }, [], 'MOCK_MAX_CERTIFICATE_BYTES must be a whole number from 1 to 4096; got "8192".'],
    [{}, ['--bogus'], 'Unknown option \'--bogus\'. Run with --help for the options.'],
    [{}, ['--port'], 'Option \'--port <value>\' argument missing. Run with --help for the options.'],
    [{}, ['serve'], 'Unexpected argument \'serve\'. This command does not take positional arguments. Run with --help for the options.'],
  ])('fails fast on %j %j with a message naming the setting', (env, argv, message) => {
    expect(() => loadConfig(env, argv)).toThrow(new ConfigError(message))
  })
})

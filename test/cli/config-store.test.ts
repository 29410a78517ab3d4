import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/cli/config.js'
import { ConfigError } from '../../server/platform/settings.js'

describe('choosing the state backend', () => {
  it('keeps state in memory when nothing is set', () => {
    expect(loadConfig({}).state).toEqual({ kind: 'memory', stateFile: undefined })
    expect(loadConfig({ MOCK_STORE: 'memory', MOCK_STATE_FILE: '/tmp/mock.json' }).state).toEqual({ kind: 'memory', stateFile: '/tmp/mock.json' })
  })

  it('uses Redis for a redis:// URL, with the default prefix and timeout unless told otherwise', () => {
    expect(loadConfig({ MOCK_STORE: 'redis://redis:6379/2' }).state).toEqual({ kind: 'redis', url: 'redis://redis:6379/2', prefix: 'kaleyra-mock:', timeoutMs: 1000 })
    expect(loadConfig({ MOCK_STORE: 'redis://redis', MOCK_STORE_PREFIX: 'team-a:', MOCK_STORE_TIMEOUT_MS: '250' }).state)
      .toEqual({ kind: 'redis', url: 'redis://redis', prefix: 'team-a:', timeoutMs: 250 })
  })

  it.each([
    ['postgres://db:5432/x', 'MOCK_STORE must be "memory" or redis://host:port/db; got "postgres://db:5432/x".'],
    ['redis://redis:6379/not-a-db', 'MOCK_STORE must be "memory" or redis://host:port/db; got "redis://redis:6379/not-a-db".'],
    ['localhost:6379', 'MOCK_STORE must be "memory" or redis://host:port/db; got "localhost:6379".'],
  ])('refuses MOCK_STORE=%s with a message naming the variable', (value, message) => {
    expect(() => loadConfig({ MOCK_STORE: value })).toThrow(new ConfigError(message))
  })

  it('takes the store from flags too, a flag winning over its variable', () => {
    expect(loadConfig({ MOCK_STORE: 'memory' }, ['--store', 'redis://cache:6380/1', '--store-prefix', 'p:', '--store-timeout-ms', '50']).state)
      .toEqual({ kind: 'redis', url: 'redis://cache:6380/1', prefix: 'p:', timeoutMs: 50 })
    expect(() => loadConfig({}, ['--store', 'redis://cache', '--state-file', 's.json']))
      .toThrow(new ConfigError('--state-file works with the in-memory store only; Redis keeps the state itself.'))
  })

  it('refuses MOCK_STATE_FILE together with Redis', () => {
    expect(() => loadConfig({ MOCK_STORE: 'redis://redis:6379/0', MOCK_STATE_FILE: 'state.json' }))
      .toThrow(new ConfigError('MOCK_STATE_FILE works with the in-memory store only; Redis keeps the state itself.'))
  })

  it('refuses a timeout that is not a whole number of milliseconds', () => {
    expect(() => loadConfig({ MOCK_STORE: 'redis://redis', MOCK_STORE_TIMEOUT_MS: '1s' })).toThrow(ConfigError)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/app.js'
import { CONFIG_DEFAULTS, CONFIG_OPTIONS, OPTION_NAMES, optionsHelp, optionsTable } from '../../server/cli/config-options.js'
import { loadConfig } from '../../server/cli/config.js'
import { DEFAULT_JOURNAL_CAPACITY } from '../../server/journal/journal.js'
import { DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_TIMEOUT_MS } from '../../server/state/redis-settings.js'
import { readmeConfigTable, TABLE_END, TABLE_START } from '../../scripts/config-table.js'

describe('the settings table', () => {
  it('gives the configuration its defaults', () => {
    const config = loadConfig({}, [])
    expect({ port: config.port, host: config.host, logLevel: config.logLevel, journalSize: config.journalSize, shutdownTimeoutMs: config.shutdownTimeoutMs })
      .toEqual({ port: CONFIG_DEFAULTS.port, host: CONFIG_DEFAULTS.host, logLevel: CONFIG_DEFAULTS.logLevel, journalSize: CONFIG_DEFAULTS.journalSize, shutdownTimeoutMs: CONFIG_DEFAULTS.shutdownTimeoutMs })
    expect(loadConfig({ MOCK_STORE: 'redis://r' }).state).toEqual({ kind: 'redis', url: 'redis://r', prefix: CONFIG_DEFAULTS.storePrefix, timeoutMs: CONFIG_DEFAULTS.storeTimeoutMs })
  })

  it('gives the modules that take these settings their defaults, so a programmatic mock starts like the CLI', () => {
    expect({ bodyBytes: DEFAULT_LIMITS.bodyBytes, certificateBytes: DEFAULT_LIMITS.certificateBytes, requestTimeoutMs: DEFAULT_LIMITS.requestTimeoutMs })
      .toEqual({ bodyBytes: CONFIG_DEFAULTS.maxBodyBytes, certificateBytes: CONFIG_DEFAULTS.maxCertificateBytes, requestTimeoutMs: CONFIG_DEFAULTS.requestTimeoutMs })
    expect([DEFAULT_JOURNAL_CAPACITY, DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_TIMEOUT_MS]).toEqual([CONFIG_DEFAULTS.journalSize, CONFIG_DEFAULTS.storePrefix, CONFIG_DEFAULTS.storeTimeoutMs])
  })

  it('reads each default back through its own parser, so the table never shows a value the parser would refuse', () => {
    for (const name of OPTION_NAMES) {
      const { value, parse, env } = CONFIG_OPTIONS[name]
      if (value !== undefined) expect(parse(String(value), env)).toBe(value)
    }
  })

  it('makes one --help line and one README row per setting, each with its flag, variable and default', () => {
    const help = optionsHelp().split('\n')
    const rows = optionsTable().trimEnd().split('\n').slice(2)
    expect([help.length, rows.length]).toEqual([OPTION_NAMES.length, OPTION_NAMES.length])
    OPTION_NAMES.forEach((name, i) => {
      const { flag, env, shown, note, value } = CONFIG_OPTIONS[name]
      const fallback = note === undefined ? shown : `${shown}, ${note}`
      expect(help[i].startsWith(`  --${flag} <value>`)).toBe(true)
      expect(help[i].trim().split(/ {2,}/)[1]).toBe(env)
      expect(help[i].endsWith(`(default: ${fallback})`)).toBe(true)
      expect(help[i]).not.toContain('`')
      expect(rows[i].startsWith(`| \`--${flag}\` | \`${env}\` | ${value === undefined ? shown : `\`${shown}\``}`)).toBe(true)
    })
  })

  it('is the README\'s configuration table, word for word (npm run docs:config prints it)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8')
    expect(readmeConfigTable(readme)).toBe(optionsTable())
  })

  it('finds the README\'s table between its markers, and nothing when they are missing', () => {
    const table = optionsTable()
    expect(readmeConfigTable(`# Configuration\n\n${TABLE_START}\n${table}${TABLE_END}\n\nMore.`)).toBe(table)
    expect(readmeConfigTable('# Configuration\n\nno markers')).toBeUndefined()
    expect(readmeConfigTable(`${TABLE_END}\n${table}${TABLE_START}`)).toBeUndefined()
  })
})

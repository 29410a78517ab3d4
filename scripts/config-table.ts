import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { optionsTable } from '../server/cli/config-options.js'

// `npm run docs:config`: prints the README's configuration table, made from the settings table
// (server/cli/config-options.ts); `npm run docs:config -- --check` exits 1 when the README's differs.

export const TABLE_START = '<!-- config-table:start -->'
export const TABLE_END = '<!-- config-table:end -->'

/** The text between the README's markers, or undefined when they are missing or out of order. */
export function readmeConfigTable (readme: string): string | undefined {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  if (start === -1 || end < start) return undefined
  return readme.slice(start + TABLE_START.length, end).replace(/^\n/, '')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const found = readmeConfigTable(readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8'))
    if (found !== optionsTable()) {
      console.error(found === undefined
        ? `README.md has no ${TABLE_START} … ${TABLE_END} block.`
        : 'README.md\'s configuration table differs from the settings table: paste the output of `npm run docs:config` between its markers.')
      process.exitCode = 1
    }
  } else {
    process.stdout.write(optionsTable())
  }
}

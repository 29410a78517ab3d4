import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTIVATION_FIELDS, RULES, ruleMessage } from '../../server/activation/activation-rules.js'
import { ACTIVATION_CREATED } from '../../server/activation/activation-schemas.js'
import { ACTIVATION_FAILED, ERRORS } from '../../server/http/errors.js'

const ROOT = join(import.meta.dirname, '..', '..')
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const ARCHITECTURE = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')

/** The cells of every row of the README's "Every response" table (header and rule rows left out). */
function responseRows (): string[][] {
  const section = README.slice(README.indexOf('### Every response'), README.indexOf('\n## ', README.indexOf('### Every response')))
  return section.split('\n')
    .filter((line) => /^\| (\d{3}|none) \|/.test(line))
    .map((line) => line.slice(2, -2).split(' | '))
}

function escape (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What the message cell says for a catalogue entry: its messages, with any `{detail}` free. */
function messagePattern (entry: (typeof ERRORS)[keyof typeof ERRORS]): RegExp {
  const inner = entry.errorMessage === '{detail}' ? '.+' : escape(entry.errorMessage).replace('\\{detail\\}', '.+')
  // The activation failures show their inner message only; the outer one is the same for all.
  if (entry.code === ACTIVATION_FAILED.code) return new RegExp(`^${inner}$`)
  return new RegExp(`^${escape(entry.message)} \\(${inner}\\)$`)
}

function subdirectories (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())
    .flatMap((entry) => [join(dir, entry.name), ...subdirectories(join(dir, entry.name))])
}

describe('the README\'s table of every response', () => {
  it.each(Object.entries(ERRORS))('has a row for %s with its status, codes, message and source', (_name, entry) => {
    const rows = responseRows().filter(([status, codes]) => status === String(entry.status) && codes === `${entry.code} (${entry.errorCode})`)
    expect(rows.map(([, , message]) => message)).toContainEqual(expect.stringMatching(messagePattern(entry)))
    // Validation rows are documented or inferred one by one; every other entry has one source, which
    // "checked against Laravel" may follow (parity/parity-report.test.ts holds that label to the parity run).
    if (entry !== ERRORS.VALIDATION) {
      expect(rows.map(([, , , , source]) => source)).toContainEqual(expect.stringMatching(entry.source === 'documented' ? /^documented(, checked against Laravel)?$/ : /^inferred/))
    }
  })

  it.each(ACTIVATION_FIELDS.flatMap((field) => field.checks.map(({ rule }) => [field.name, rule] as const)))('has an E413 row for %s failing %s, with the rule table\'s message and source', (field, rule) => {
    // A row names its field, `<field>` for any, or alternatives ("display_name / business_name").
    const says = (message: string): string[] => message.includes('`<field>`')
      ? [message.replace('`<field>`', field)]
      : (/[a-z_]+(?: \/ [a-z_]+)+/.exec(message)?.[0].split(' / ') ?? ['']).map((name) => message.replace(/[a-z_]+(?: \/ [a-z_]+)+/, name))
    const rows = responseRows().filter(([status, codes, message]) => status === '400' && codes === 'E939 (E413)' && says(message).includes(ruleMessage(rule, field)))
    expect(rows.length).toBeGreaterThan(0)
    const sources = rows.map(([, , , , source]) => source)
    expect(sources).toContainEqual(expect.stringMatching(RULES[rule].source === 'documented' ? /^documented|^inferred \(pattern documented\)/ : /^inferred(?! \(pattern)/))
  })

  it('has the success row', () => {
    expect(responseRows()).toContainEqual(['200', ACTIVATION_CREATED.code, ACTIVATION_CREATED.message, 'first valid request for an account', expect.stringMatching(/^documented(, checked against Laravel)?$/)])
  })

  it('names no status and code pair the catalogue does not have', () => {
    const known = new Set([`200 ${ACTIVATION_CREATED.code}`, ...Object.values(ERRORS).map((entry) => `${entry.status} ${entry.code} (${entry.errorCode})`)])
    const named = responseRows().filter(([status]) => status !== 'none').map(([status, codes]) => `${status} ${codes}`)
    expect(named.filter((pair) => !known.has(pair))).toEqual([])
  })
})

describe('docs/architecture.md', () => {
  it('has a line for every folder under server/', () => {
    const folders = subdirectories(join(ROOT, 'server')).map((dir) => `${relative(join(ROOT, 'server'), dir)}/`)
    const missing = folders.filter((folder) => !new RegExp(`^  ${escape(folder)} +\\S`, 'm').test(ARCHITECTURE))
    expect(missing).toEqual([])
  })

  it('names only top-level folders that exist', () => {
    const named = [...ARCHITECTURE.matchAll(/^([a-z-]+)\/ +\S/gm)].map((match) => match[1])
    expect(named.filter((folder) => !existsSync(join(ROOT, folder)))).toEqual([])
  })
})

describe('the README', () => {
  // A newcomer reads it whole before the first command; details belong in docs/, which it links.
  it('stays under 25,000 bytes', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(25_000)
  })
})

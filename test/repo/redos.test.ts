import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseSync } from 'oxc-parser'
import { checkSync } from 'recheck'
import { describe, expect, it } from 'vitest'
import { PROVIDER_STATES, templatePattern } from '../../server/contract/provider-states.js'

// Every regular expression in server/ is put to a ReDoS analyser (recheck), so a pattern that can
// backtrack super-linearly on client input (as a /[set]+$/ trim of a long run of spaces does) fails the suite.
const SERVER = join(import.meta.dirname, '..', '..', 'server')

interface Found { where: string, source: string, flags: string }

function sourceFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

function lineOf (text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** Regex literals, and `new RegExp(…)`/`RegExp(…)` calls (whose patterns are built at run time). */
function findRegexps (file: string): { literals: Found[], constructed: string[] } {
  const text = readFileSync(file, 'utf8')
  const { program, errors } = parseSync(file, text)
  if (errors.length > 0) throw new Error(`${file}: ${errors[0]?.message}`)
  const literals: Found[] = []
  const constructed: string[] = []
  const where = (node: { start: number }) => `${relative(SERVER, file)}:${lineOf(text, node.start)}`
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) { for (const child of node) visit(child); return }
    const n = node as Record<string, unknown> & { start: number }
    if (n.type === 'Literal' && typeof n.regex === 'object' && n.regex !== null) {
      const { pattern, flags } = n.regex as { pattern: string, flags: string }
      literals.push({ where: where(n), source: pattern, flags })
    }
    if ((n.type === 'NewExpression' || n.type === 'CallExpression') && (n.callee as { name?: string })?.name === 'RegExp') constructed.push(where(n))
    for (const [key, value] of Object.entries(n)) if (key !== 'parent') visit(value)
  }
  visit(program)
  return { literals, constructed }
}

const found = sourceFiles(SERVER).map(findRegexps)
const literals = found.flatMap((f) => f.literals)
const constructed = found.flatMap((f) => f.constructed)

function verdict (source: string, flags: string): string {
  const result = checkSync(source, flags)
  return result.status === 'vulnerable' ? `vulnerable (${result.complexity.summary}, attack ${JSON.stringify(result.attack.string.slice(0, 40))})` : result.status
}

describe('regular expressions in the server', () => {
  it('finds the server\'s regular expressions (the scan itself works)', () => {
    expect(literals.length).toBeGreaterThanOrEqual(15)
    expect(literals.map((l) => l.source)).toContain('^\\+[1-9][0-9]{1,14}$')
  })

  it('are all safe from catastrophic backtracking, by recheck\'s analysis', () => {
    const unsafe = literals.map((l) => ({ ...l, verdict: verdict(l.source, l.flags) })).filter((l) => l.verdict !== 'safe')
    expect(unsafe).toEqual([])
  }, 120_000)

  it('are built at run time only where the patterns are checked here too (provider-state templates)', () => {
    expect(constructed).toEqual([expect.stringMatching(/^contract[/\\]provider-states\.ts:\d+$/)])
    const patterns = Object.values(PROVIDER_STATES).map((template) => templatePattern(template))
    expect(patterns.length).toBeGreaterThan(1)
    expect(patterns.map((p) => [p.source, verdict(p.source, p.flags)])).toEqual(patterns.map((p) => [p.source, 'safe']))
  }, 120_000)

  it('would catch the quadratic trim this suite guards against', () => {
    expect(verdict('^[ \\t\\n\\r\\0\\x0B]+|[ \\t\\n\\r\\0\\x0B]+$', 'g')).toMatch(/^vulnerable/)
  }, 60_000)
})

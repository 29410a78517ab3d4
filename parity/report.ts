import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BodyKind } from './cases.js'
import { ruleOf } from './compare.js'
import { KNOWN_DIFFERENCES, type CaseResult } from './run-parity.js'

const ROOT = join(import.meta.dirname, '..')
export const PARITY_RESULTS_JSON = join(ROOT, 'parity', 'results.json')
export const PARITY_MARKDOWN = join(ROOT, 'docs', 'parity.md')

interface Tally { cases: number, agree: number, listed: number }

/** What one run of the parity suite found, as committed in parity/results.json. */
export interface ParityResults {
  versions: { php: string, laravel: string, nginx: string }
  seed: number
  generated: number
  handPicked: number
  /** Wall time of the whole comparison, seconds. */
  seconds: number
  /** By the rule the mock answered with, then by body kind. */
  byRule: Record<string, Partial<Record<BodyKind, Tally>>>
  /** By source of the case. */
  bySource: Record<string, Tally>
  /** By the README response-table row a case exercises (its message column). */
  readmeRows: Record<string, Tally>
  /** Cases each listed difference explained. */
  listed: Record<string, number>
  unlisted: number
  /** The same cases against PHP's built-in server (php -S) and against nginx + php-fpm. */
  builtin?: { cases: number, agree: number, differing: string[] }
}

function versionOf (command: string, args: string[], pattern: RegExp): string {
  const run = spawnSync(command, args, { encoding: 'utf8' })
  return pattern.exec(`${run.stdout}${run.stderr}`)?.[1] ?? 'unknown'
}

export function referenceVersions (): ParityResults['versions'] {
  return {
    php: versionOf('php', ['-v'], /PHP (\S+)/),
    laravel: versionOf('php', ['-r', 'require "Illuminate/autoload.php"; echo Illuminate\\Foundation\\Application::VERSION;'], /^(\S+)/),
    nginx: versionOf('nginx', ['-v'], /nginx\/(\S+)/),
  }
}

function add (tally: Tally | undefined, result: CaseResult): Tally {
  const next = tally ?? { cases: 0, agree: 0, listed: 0 }
  next.cases++
  if (result.agrees) next.agree++
  else if (result.listedAs !== undefined) next.listed++
  return next
}

export function summarise (results: readonly CaseResult[], extra: Pick<ParityResults, 'versions' | 'seed' | 'generated' | 'handPicked' | 'seconds' | 'builtin'>): ParityResults {
  const byRule: ParityResults['byRule'] = {}
  const bySource: ParityResults['bySource'] = {}
  const readmeRows: ParityResults['readmeRows'] = {}
  const listed: Record<string, number> = {}
  for (const result of results) {
    const rule = ruleOf(result.mock.at(-1) ?? { status: 0 })
    const kinds = (byRule[rule] ??= {})
    kinds[result.case.kind] = add(kinds[result.case.kind], result)
    bySource[result.case.source] = add(bySource[result.case.source], result)
    if (result.case.readmeRow !== undefined) readmeRows[result.case.readmeRow] = add(readmeRows[result.case.readmeRow], result)
    for (const id of new Set(result.listedAs ?? [])) listed[id] = (listed[id] ?? 0) + 1
  }
  const sorted = Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => a.localeCompare(b)))
  return { ...extra, byRule: sorted, bySource, readmeRows, listed, unlisted: results.filter((r) => !r.agrees && r.listedAs === undefined).length }
}

const KINDS: BodyKind[] = ['multipart', 'json', 'form', 'other', 'none']

function cell (tally: Tally | undefined): string {
  if (tally === undefined) return ''
  return tally.agree === tally.cases ? `${tally.cases}` : `${tally.agree}/${tally.cases}`
}

/** docs/parity.md from a run's results and the lists as they stand. */
export function renderParity (results: ParityResults): string {
  const lines = [
    '# Parity with Laravel',
    '',
    '<!-- Written by `npm run parity` (parity/report.ts) from parity/results.json; do not edit by hand. -->',
    '',
    `The parity suite (\`parity/\`, part of \`npm test\`) sends the same request bytes to the mock and to a reference`,
    `implementation of the endpoint on the real framework (\`parity/laravel/\`: Laravel ${results.versions.laravel} on PHP ${results.versions.php},`,
    `served by nginx ${results.versions.nginx} and php-fpm with PHP's default limits) and compares status, outer and inner code,`,
    '`parameter` and message of errors, and the status, code, shape and echoed fields of a success.',
    '',
    'Serving (parity/laravel/serving/): php-fpm with a php.ini that sets no limit, so `post_max_size` 8M,',
    '`upload_max_filesize` 2M, `max_file_uploads` 20, `max_input_vars` 1000, `max_input_nesting_level` 64 and',
    '`max_multipart_body_parts` (their sum) are PHP\'s own defaults; warnings go to the log, not into a body, as in',
    'production. nginx passes every path to the front controller and takes bodies up to 8m, PHP\'s `post_max_size`,',
    'so that PHP\'s limits, not nginx\'s 1m default, are what a request meets.',
    '',
    `This run: ${results.handPicked} hand-picked cases and ${results.generated} generated requests (seed ${results.seed}), compared in`,
    `${results.seconds.toFixed(1)} s; ${results.unlisted} unlisted mismatches.`,
    '',
    '## By source',
    '',
    '| source | cases | agree | listed |',
    '|---|---:|---:|---:|',
    ...Object.entries(results.bySource).map(([source, t]) => `| ${source} | ${t.cases} | ${t.agree} | ${t.listed} |`),
    '',
    '## README rows',
    '',
    'The rows of the README\'s response table the suite sends cases for; a row whose cases all agree is marked',
    '"checked against Laravel" there.',
    '',
    '| row (message) | cases | agree |',
    '|---|---:|---:|',
    ...Object.entries(results.readmeRows).map(([row, t]) => `| ${row.replaceAll('|', '\\|')} | ${t.cases} | ${t.agree} |`),
    '',
    '## By rule and body kind',
    '',
    'Rows are the rule the mock answered with; a cell is the cases sent, or agreeing/sent where some disagree',
    '(each disagreement listed below).',
    '',
    `| rule | ${KINDS.join(' | ')} |`,
    `|---|${KINDS.map(() => '---:').join('|')}|`,
    ...Object.entries(results.byRule).map(([rule, kinds]) => `| ${rule} | ${KINDS.map((kind) => cell(kinds[kind])).join(' | ')} |`),
    '',
    '## Known differences',
    '',
    'Each is one of the two reasons a difference may stand: the reference had to assume a rule the vendor\'s',
    'document does not show, or the difference is in the reference\'s serving set-up (parity/known-differences.json).',
    '',
    '| difference | reason | cases | why |',
    '|---|---|---:|---|',
    ...KNOWN_DIFFERENCES.map((entry) => `| ${entry.id} | ${entry.reason === 'assumed-rule' ? 'assumed rule' : 'serving set-up'} | ${results.listed[entry.id] ?? 0} | ${entry.why} |`),
    '',
  ]
  if (results.builtin !== undefined) {
    const { cases, agree, differing } = results.builtin
    lines.push(
      '## PHP\'s built-in server',
      '',
      `The same cases sent to the reference under \`php -S\` (same php.ini) and under nginx + php-fpm: ${agree} of ${cases} answered alike.`,
      ...(differing.length === 0 ? [] : ['', 'Where they differ (the suite uses nginx + php-fpm, as production PHP is served):', '', ...differing.map((line) => `- ${line}`)]),
      '',
    )
  }
  return lines.join('\n')
}

export function readCommittedResults (): ParityResults {
  return JSON.parse(readFileSync(PARITY_RESULTS_JSON, 'utf8')) as ParityResults
}

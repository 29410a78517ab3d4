/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for scraping the mock in
 * tests: every line must be a HELP, a TYPE or a sample of the family last typed, or it throws.
 * (The npm parser tried first, parse-prometheus-text-format, drops the labels of histograms.)
 */

export interface Sample {
  /** The sample's own name: a histogram's are <family>_bucket, _sum and _count. */
  name: string
  labels: Record<string, string>
  value: number
}

export interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'
  samples: Sample[]
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*'
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`)
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`)
const LABEL_PAIR = new RegExp(`^(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`)
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)$/

function unescape (text: string): string {
  return text.replace(/\\([\\"n])/g, (_, c: string) => c === 'n' ? '\n' : c)
}

function parseLabels (text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {}
  let rest = text
  while (rest !== '') {
    const pair = LABEL_PAIR.exec(rest)
    if (pair === null) throw new Error(`bad labels in: ${line}`)
    if (pair[1] in labels) throw new Error(`label ${pair[1]} given twice in: ${line}`)
    labels[pair[1]] = unescape(pair[2])
    rest = rest.slice(pair[0].length)
    if (rest.startsWith(',')) rest = rest.slice(1)
    else if (rest !== '') throw new Error(`bad labels in: ${line}`)
  }
  return labels
}

function parseValue (text: string, line: string): number {
  if (!VALUE.test(text)) throw new Error(`bad value in: ${line}`)
  return text === 'NaN' ? Number.NaN : text.endsWith('Inf') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text)
}

/** Which sample names belong to a family of this type. */
function belongs (family: MetricFamily, name: string): boolean {
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(name)
  if (family.type === 'summary') return [family.name, `${family.name}_sum`, `${family.name}_count`].includes(name)
  return name === family.name
}

export function parsePrometheusText (text: string): MetricFamily[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition does not end with a line feed')
  const families: MetricFamily[] = []
  const helps = new Map<string, string>()
  let current: MetricFamily | undefined
  for (const line of text.split('\n')) {
    if (line === '') continue
    const help = HELP_LINE.exec(line)
    if (help !== null) {
      helps.set(help[1], help[2].replace(/\\([\\n])/g, (_, c: string) => c === 'n' ? '\n' : c))
      continue
    }
    const type = TYPE_LINE.exec(line)
    if (type !== null) {
      if (families.some((family) => family.name === type[1])) throw new Error(`${type[1]} is typed twice`)
      current = { name: type[1], help: helps.get(type[1]) ?? '', type: type[2] as MetricFamily['type'], samples: [] }
      families.push(current)
      continue
    }
    if (line.startsWith('#')) throw new Error(`unexpected comment: ${line}`)
    const sample = SAMPLE_LINE.exec(line)
    if (sample === null) throw new Error(`not a sample line: ${line}`)
    if (current === undefined || !belongs(current, sample[1])) throw new Error(`sample ${sample[1]} outside its family's block: ${line}`)
    current.samples.push({ name: sample[1], labels: parseLabels(sample[2] ?? '', line), value: parseValue(sample[3], line) })
  }
  return families
}

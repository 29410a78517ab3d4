import { DEFAULT_LIMITS } from '../server/app.js'
import { parseMultipart } from '../server/http/multipart-parser.js'
import { splitMultipart, type MultipartLimits } from '../server/http/multipart/multipart-splitter.js'
import { collect, parseMultipartWithBusboy } from '../test/support/busboy-multipart.js'
import { buildScenarios } from './scenarios.js'

// `npx tsx bench/multipart-parse.ts`: CPU microseconds per parse of the bench's multipart body
// (the 20 KB PNG and the text fields), busboy (the library the splitter is held to) against the splitter, in one
// process. Each line is the median of ROUNDS rounds of PER_ROUND parses, after a warm-up.
const ROUNDS = Number(process.env.ROUNDS ?? 15)
const PER_ROUND = Number(process.env.PER_ROUND ?? 2000)

const scenario = buildScenarios().find((s) => s.name === 'multipart-success-20kb-png')
if (scenario === undefined) throw new Error('bench/scenarios.ts has no multipart-success-20kb-png scenario')
const { body, headers } = scenario
const limits: MultipartLimits = { fileBytes: DEFAULT_LIMITS.certificateBytes, parts: DEFAULT_LIMITS.parts, fieldBytes: DEFAULT_LIMITS.fieldBytes, headerBytes: DEFAULT_LIMITS.headerBytes }

async function cpuMicrosPerCall (run: () => unknown): Promise<number> {
  for (let i = 0; i < PER_ROUND; i++) await run()
  const rounds: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage()
    for (let i = 0; i < PER_ROUND; i++) await run()
    const used = process.cpuUsage(start)
    rounds.push((used.user + used.system) / PER_ROUND)
  }
  rounds.sort((a, b) => a - b)
  return rounds[Math.floor(rounds.length / 2)] ?? NaN
}

const cases: Array<[string, () => unknown]> = [
  ['busboy: parts only (before sniffing and hashing)', () => collect(headers, body, limits)],
  ['splitter: parts only (splitMultipart)', () => splitMultipart(headers['content-type'], body, limits)],
  ['busboy: whole parse (parts, sniff, sha256)', () => parseMultipartWithBusboy(headers, body, limits)],
  ['splitter: whole parse (parseMultipart)', () => parseMultipart(headers, body, limits)],
]

console.log(`body: ${body.length} bytes; Node ${process.version}; median of ${ROUNDS} rounds of ${PER_ROUND}`)
for (const [name, run] of cases) console.log(`${name.padEnd(50)} ${(await cpuMicrosPerCall(run)).toFixed(1)} µs`)

import { parseArgs } from 'node:util'
import { ConfigError } from '../platform/settings.js'
import { adminPath, adminRouteText } from '../http/admin-route-table.js'
import { loadConfig } from './config.js'

const DEFAULT_TIMEOUT_MS = 30_000
const MAX_TIMEOUT_MS = 3_600_000
const INTERVAL_MS = 250
/** One health request never waits longer than this, so a stalled answer cannot use up the whole time-out. */
const ATTEMPT_TIMEOUT_MS = 2000

export const WAIT_USAGE = `Usage: kaleyra-mock wait [--url <url>] [--timeout <duration>]

Waits until the mock answers ${adminRouteText('health')} with 200, for scripts that start it in the
background (kaleyra-mock serve &). Exits 0 once it does, 1 with the last answer when the time
runs out.

Options:
  --url <url>            the mock (default http://127.0.0.1:PORT, PORT as serve reads it);
                         a URL with a path other than / is asked as it is
  --timeout <duration>   30s (the default), 500ms, 2m, or seconds as a bare number
  -h, --help             this text
`

interface WaitIo {
  stdout: { write (text: string): unknown }
  stderr: { write (text: string): unknown }
}

class UsageError extends Error {}

/** "30s", "500ms", "2m" or bare seconds, in milliseconds. */
export function parseDuration (text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)?$/.exec(text)
  const unit = (match?.[2] ?? 's') as 'ms' | 's' | 'm'
  const millis = match === null ? Number.NaN : Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[unit]
  if (!(millis > 0 && millis <= MAX_TIMEOUT_MS)) throw new UsageError(`--timeout must be a duration such as 30s, 500ms or 2m, at most 1 hour; got "${text}".`)
  return millis
}

/** The URL to ask: the mock's health route, or the URL itself when it names a path. */
export function healthUrl (text: string): URL {
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {}
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--url must be an http(s) URL; got "${text}".`)
  if (url.pathname === '/') url.pathname = adminPath('health')
  return url
}

function defaultUrl (): string {
  const { host, port } = loadConfig(process.env, [])
  const wildcard = host === '0.0.0.0' || host === '::'
  return `http://${wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`
}

/** One request: undefined when it answered 200, else what it answered or why it could not. */
async function attempt (url: URL, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await response.text()).slice(0, 200)
    return response.status === 200 ? undefined : `${response.status} ${body}`.trim()
  } catch (error) {
    const { cause, message } = error as Error & { cause?: { message?: string } }
    return cause?.message ?? message
  }
}

function seconds (millis: number): string {
  return `${(millis / 1000).toFixed(1)} s`
}

/** `kaleyra-mock wait`: resolves with the exit code (0 healthy, 1 timed out, 2 usage). */
export async function runWaitCommand (argv: string[], io: WaitIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let url: URL
  let timeoutMs: number
  try {
    const { values } = parseArgs({ args: argv, options: { url: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true })
    if (values.help === true) {
      io.stdout.write(WAIT_USAGE)
      return 0
    }
    url = healthUrl(values.url ?? defaultUrl())
    timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(values.timeout)
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError) && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') !== true) throw error
    io.stderr.write(`kaleyra-mock wait: ${(error as Error).message}\n${WAIT_USAGE.slice(0, WAIT_USAGE.indexOf('\n'))} (kaleyra-mock wait --help for more)\n`)
    return 2
  }

  const started = performance.now()
  const deadline = started + timeoutMs
  for (;;) {
    const left = deadline - performance.now()
    const failure = await attempt(url, Math.ceil(Math.min(ATTEMPT_TIMEOUT_MS, Math.max(INTERVAL_MS, left))))
    const elapsed = performance.now() - started
    if (failure === undefined) {
      io.stdout.write(`kaleyra-mock: ${url.href} is healthy (after ${seconds(elapsed)})\n`)
      return 0
    }
    if (performance.now() + INTERVAL_MS > deadline) {
      io.stderr.write(`kaleyra-mock wait: ${url.href} did not answer 200 within ${seconds(timeoutMs)}; last: ${failure}\n`)
      return 1
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
  }
}

import { parseArgs } from 'node:util'
import { ConfigError } from '../platform/settings.js'
import { loadConfig } from './config.js'
import { isNamespaceName } from '../http/namespace-prefix.js'
import { adminPath, adminRouteText } from '../http/admin-route-table.js'
import { SEVERITIES, type Finding, type Report, type Severity } from '../report/report-schemas.js'

export const REPORT_USAGE = `Usage: kaleyra-mock report [--url <url>] [--namespace <name>] [--fail-on warning|error] [--gap-ms <ms>]

Prints what the client under test did wrong, read from a running mock's journal
(${adminRouteText('report')}): retries after E937, unchanged rejected bodies, concurrent
submissions, retries without backoff, certificate mistakes. For the last step of a CI job.

Options:
  --url <url>             the mock (default http://127.0.0.1:PORT, PORT as serve reads it)
  --namespace <name>      report on /ns/<name> instead of the default namespace
  --fail-on <level>       exit 1 when a finding is at this level or above: warning or error
                          (without it the exit code is 0 whatever is found)
  --gap-ms <ms>           the shortest retry gap after a 408, 429, 5xx or no answer (default 100)
  --admin-token <token>   the mock's MOCK_ADMIN_TOKEN (default: that variable)
  -h, --help              this text

Exit codes: 0 when nothing reaches --fail-on, 1 when something does or the mock could not be
read, 2 for a bad option.
`

interface ReportIo {
  stdout: { write (text: string): unknown }
  stderr: { write (text: string): unknown }
}

class UsageError extends Error {}

function reportUrl (base: string, namespace: string | undefined, gapMs: string | undefined): URL {
  let url: URL | undefined
  try {
    url = new URL(base)
  } catch {}
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--url must be an http(s) URL; got "${base}".`)
  if (namespace !== undefined && !isNamespaceName(namespace)) throw new UsageError(`--namespace must be 1 to 64 characters of [A-Za-z0-9._-]; got "${namespace}".`)
  if (gapMs !== undefined && !/^[0-9]{1,6}$/.test(gapMs)) throw new UsageError(`--gap-ms must be a whole number of milliseconds; got "${gapMs}".`)
  let end = url.pathname.length
  // A scan rather than /\/+$/, which backtracks on a path of many slashes.
  while (end > 0 && url.pathname.charCodeAt(end - 1) === 0x2f) end--
  url.pathname = `${url.pathname.slice(0, end)}${adminPath('report', undefined, namespace)}`
  if (gapMs !== undefined) url.search = `gapMs=${gapMs}`
  return url
}

function defaultUrl (): string {
  const { host, port } = loadConfig(process.env, [])
  const wildcard = host === '0.0.0.0' || host === '::'
  return `http://${wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`
}

function formatFinding (finding: Finding): string {
  return `${finding.severity.toUpperCase().padEnd(7)} ${finding.kind} (${finding.sid ?? 'no SID'}; ${finding.seqs.map((seq) => `#${seq}`).join(', ')})\n        ${finding.message}\n`
}

/** `kaleyra-mock report`: resolves with the exit code. */
export async function runReportCommand (argv: string[], io: ReportIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let url: URL
  let failOn: Severity | undefined
  let token: string | undefined
  try {
    const { values } = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, namespace: { type: 'string' }, 'fail-on': { type: 'string' }, 'gap-ms': { type: 'string' }, 'admin-token': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    })
    if (values.help === true) {
      io.stdout.write(REPORT_USAGE)
      return 0
    }
    const level = values['fail-on']
    if (level !== undefined && !(SEVERITIES as readonly string[]).includes(level)) throw new UsageError(`--fail-on must be warning or error; got "${level}".`)
    failOn = level as Severity | undefined
    url = reportUrl(values.url ?? defaultUrl(), values.namespace, values['gap-ms'])
    token = values['admin-token'] ?? loadConfig(process.env, []).adminToken
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError) && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') !== true) throw error
    io.stderr.write(`kaleyra-mock report: ${(error as Error).message}\n${REPORT_USAGE.slice(0, REPORT_USAGE.indexOf('\n'))} (kaleyra-mock report --help for more)\n`)
    return 2
  }

  let report: Report
  try {
    const response = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`${response.status} ${body.slice(0, 300)}`)
    report = JSON.parse(body) as Report
  } catch (error) {
    const { cause, message } = error as Error & { cause?: { message?: string } }
    io.stderr.write(`kaleyra-mock report: could not read ${url.href}: ${cause?.message ?? message}\n`)
    return 1
  }

  for (const finding of report.findings) io.stdout.write(formatFinding(finding))
  const count = (severity: Severity): number => report.findings.filter((finding) => finding.severity === severity).length
  const dropped = report.dropped > 0 ? ` (${report.dropped} older requests were no longer in the journal)` : ''
  io.stdout.write(report.findings.length === 0
    ? `kaleyra-mock report: no findings in ${report.analysed} journaled requests${dropped}.\n`
    : `kaleyra-mock report: ${count('error')} error(s), ${count('warning')} warning(s) in ${report.analysed} journaled requests${dropped}.\n`)
  if (failOn === undefined) return 0
  const threshold = SEVERITIES.indexOf(failOn)
  return report.findings.some((finding) => SEVERITIES.indexOf(finding.severity) >= threshold) ? 1 : 0
}

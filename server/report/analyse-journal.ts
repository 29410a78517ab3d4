import type { CertificateDescription, JournalEntry } from '../journal/journal.js'
import { FINDING_KINDS, type Finding, type Severity } from './report-schemas.js'

/**
 * What a client did wrong, read from the journal: the mock knows the real API's rules, so it can
 * say more than what was sent. Pure: entries in, findings out.
 */

export interface AnalysisOptions {
  /** The shortest wait before retrying after a 408, 429, 5xx or no answer, when no Retry-After said longer. */
  gapMs: number
}

/** The shortest retry gap the report accepts by default. */
export const DEFAULT_RETRY_GAP_MS = 100

const SEVERITY: Readonly<Record<Finding['kind'], Severity>> = {
  retried_after_already_submitted: 'error',
  repeated_rejected_request: 'warning',
  concurrent_submissions: 'error',
  retry_without_backoff: 'warning',
  certificate_type_mismatch: 'warning',
  missing_filename: 'warning',
  text_certificate: 'error',
}

const CERTIFICATE_FIELD = 'business_certificate'

const startOf = (entry: JournalEntry): number => Date.parse(entry.time)
const endOf = (entry: JournalEntry): number => startOf(entry) + (entry.durationMs ?? 0)
const list = (entries: readonly JournalEntry[]): string => entries.map((entry) => `#${entry.seq}`).join(', ')

/** A status after which a client may retry the same request (after a pause). */
function isRetryable (entry: JournalEntry): boolean {
  return entry.status === 0 || entry.status === 408 || entry.status === 429 || entry.status >= 500
}

/** A fault answered before the body was read, so the entry holds no fields to compare. */
const bodyUnread = (entry: JournalEntry): boolean => entry.fault !== undefined && entry.rule !== null && entry.rule.startsWith('fault_')

/** The request as the server saw it: every field and the certificate's hash, in a fixed order. */
function fingerprint (entry: JournalEntry): string {
  const names = Object.keys(entry.fields).sort()
  return JSON.stringify([names.map((name) => [name, entry.fields[name]]), entry.certificate?.sha256 ?? null])
}

function retriedAfterAlreadySubmitted (entries: readonly JournalEntry[], sid: string): Finding[] {
  const first = entries.findIndex((entry) => entry.code === 'E937')
  if (first === -1 || first === entries.length - 1) return []
  const later = entries.slice(first + 1)
  return [{
    kind: 'retried_after_already_submitted',
    severity: SEVERITY.retried_after_already_submitted,
    sid,
    seqs: [entries[first].seq, ...later.map((entry) => entry.seq)],
    message: `${sid} got E937 (already submitted) at #${entries[first].seq} and was sent again ${later.length} time(s) (${list(later)}). The real API never accepts an account that already submitted: stop and show the error instead of retrying.`,
  }]
}

function repeatedRejectedRequests (entries: readonly JournalEntry[], sid: string): Finding[] {
  const findings: Finding[] = []
  for (let i = 0; i < entries.length; i++) {
    const rejected = entries[i]
    if (rejected.code !== 'E413' || bodyUnread(rejected)) continue
    const print = fingerprint(rejected)
    const repeats: JournalEntry[] = []
    for (let j = i + 1; j < entries.length && !bodyUnread(entries[j]) && fingerprint(entries[j]) === print; j++) repeats.push(entries[j])
    if (repeats.length === 0) continue
    findings.push({
      kind: 'repeated_rejected_request',
      severity: SEVERITY.repeated_rejected_request,
      sid,
      seqs: [rejected.seq, ...repeats.map((entry) => entry.seq)],
      message: `The body rejected at #${rejected.seq} (${rejected.parameter ?? 'a field'}: rule ${rejected.rule ?? 'unknown'}) was sent again unchanged (${list(repeats)}). A validation error does not go away on a retry: fix the field first.`,
    })
    i += repeats.length
  }
  return findings
}

function concurrentSubmissions (entries: readonly JournalEntry[], sid: string): Finding[] {
  const byStart = [...entries].sort((a, b) => startOf(a) - startOf(b) || a.seq - b.seq)
  const findings: Finding[] = []
  let group: JournalEntry[] = []
  let groupEnd = -Infinity
  const flush = (): void => {
    if (group.length > 1) {
      findings.push({
        kind: 'concurrent_submissions',
        severity: SEVERITY.concurrent_submissions,
        sid,
        seqs: group.map((entry) => entry.seq).sort((a, b) => a - b),
        message: `${group.length} requests for ${sid} were in flight at once (${list(group)}). The real API accepts one and answers E937 to the rest: send one request per account and wait for its answer.`,
      })
    }
  }
  for (const entry of byStart) {
    if (startOf(entry) < groupEnd) {
      group.push(entry)
      groupEnd = Math.max(groupEnd, endOf(entry))
      continue
    }
    flush()
    group = [entry]
    groupEnd = endOf(entry)
  }
  flush()
  return findings
}

function retriesWithoutBackoff (entries: readonly JournalEntry[], sid: string, options: AnalysisOptions): Finding[] {
  const findings: Finding[] = []
  for (let i = 0; i + 1 < entries.length; i++) {
    const failed = entries[i]
    const retry = entries[i + 1]
    if (!isRetryable(failed)) continue
    const gap = Math.round(startOf(retry) - endOf(failed))
    const retryAfterMs = failed.fault?.retryAfter === undefined ? undefined : failed.fault.retryAfter * 1000
    const needed = Math.max(options.gapMs, retryAfterMs ?? 0)
    if (gap >= needed) continue
    const answer = failed.status === 0 ? 'no answer' : `a ${failed.status}`
    findings.push({
      kind: 'retry_without_backoff',
      severity: SEVERITY.retry_without_backoff,
      sid,
      seqs: [failed.seq, retry.seq],
      message: retryAfterMs !== undefined && gap < retryAfterMs
        ? `#${retry.seq} retried ${sid} ${Math.max(0, gap)} ms after #${failed.seq} answered ${failed.status} with Retry-After: ${failed.fault!.retryAfter}: wait at least as long as Retry-After says.`
        : `#${retry.seq} retried ${sid} ${Math.max(0, gap)} ms after ${answer} at #${failed.seq}, within ${options.gapMs} ms: back off (exponentially, with jitter) before retrying.`,
    })
  }
  return findings
}

/** jpeg, jpe and jpg are one type; a lower-case extension or subtype without "x-". */
function normalType (type: string): string {
  const lower = type.toLowerCase().replace(/^x-/, '')
  return lower === 'jpeg' || lower === 'jpe' || lower === 'pjpeg' ? 'jpg' : lower
}

/** What the name and declared type say that the bytes do not; generic types (octet-stream) say nothing. */
function certificateClaims (certificate: CertificateDescription): string[] {
  if (certificate.sniffedType === null) return []
  const actual = normalType(certificate.sniffedType)
  const claims: string[] = []
  const dot = certificate.filename.lastIndexOf('.')
  if (dot !== -1 && normalType(certificate.filename.slice(dot + 1)) !== actual) claims.push(`named ${certificate.filename}`)
  const slash = certificate.declaredType.indexOf('/')
  const subtype = slash === -1 ? '' : normalType(certificate.declaredType.slice(slash + 1).split(';', 1)[0].trim())
  if (subtype !== '' && subtype !== 'octet-stream' && subtype !== actual) claims.push(`declared ${certificate.declaredType}`)
  return claims
}

function certificateFindings (entry: JournalEntry): Finding[] {
  const sid = entry.sid
  const value = entry.fields[CERTIFICATE_FIELD]
  if (typeof value === 'string') {
    return [{
      kind: 'text_certificate',
      severity: SEVERITY.text_certificate,
      sid,
      seqs: [entry.seq],
      message: `#${entry.seq} sent ${CERTIFICATE_FIELD} as text, not as a file (a multipart part with a filename): the real API rejects it whatever the text holds (a path, a URL, base64).`,
    }]
  }
  const certificate = entry.certificate
  // A certificate whose filename is only a path ("dir/") is still an upload to PHP, with an empty name.
  const unnamed = entry.unnamedFiles?.find((part) => part.name === CERTIFICATE_FIELD)
  if (unnamed !== undefined) {
    return [{
      kind: 'missing_filename',
      severity: SEVERITY.missing_filename,
      sid,
      seqs: [entry.seq],
      message: `#${entry.seq} sent ${CERTIFICATE_FIELD} as a file part with an empty filename: PHP treats such a part as no file at all. Give the part a filename (e.g. form.append('${CERTIFICATE_FIELD}', blob, 'certificate.pdf')).`,
    }]
  }
  if (certificate === null) return []
  const claims = certificateClaims(certificate)
  if (claims.length === 0) return []
  return [{
    kind: 'certificate_type_mismatch',
    severity: SEVERITY.certificate_type_mismatch,
    sid,
    seqs: [entry.seq],
    message: `#${entry.seq} sent a certificate ${claims.join(' and ')}, but its bytes are ${certificate.sniffedType!.toUpperCase()}${entry.status === 200 ? ' (accepted: the API judges the bytes)' : ''}: name and declare the file as what it is.`,
  }]
}

/** Findings about the client behind these journal entries (oldest first), ordered by their first entry. */
export function analyseJournal (oldestFirst: readonly JournalEntry[], options: AnalysisOptions = { gapMs: DEFAULT_RETRY_GAP_MS }): Finding[] {
  const bySid = new Map<string, JournalEntry[]>()
  const findings: Finding[] = []
  for (const entry of oldestFirst) {
    if (entry.sid === null) continue
    let entries = bySid.get(entry.sid)
    if (entries === undefined) bySid.set(entry.sid, entries = [])
    entries.push(entry)
    findings.push(...certificateFindings(entry))
  }
  for (const [sid, entries] of bySid) {
    findings.push(
      ...retriedAfterAlreadySubmitted(entries, sid),
      ...repeatedRejectedRequests(entries, sid),
      ...concurrentSubmissions(entries, sid),
      ...retriesWithoutBackoff(entries, sid, options),
    )
  }
  return findings.sort((a, b) => a.seqs[0] - b.seqs[0] || FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind))
}

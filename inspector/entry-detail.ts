import { facts, h, json } from './dom.js'
import type { Entry } from './types.js'

export const ACCOUNT_LINK = '#account='

function accountHref (sid: string): string {
  return `${ACCOUNT_LINK}${encodeURIComponent(sid)}`
}

export function statusText (entry: Entry): string {
  return entry.status === 0 ? 'dropped' : String(entry.status)
}

function fieldText (value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function certificateSection (entry: Entry): HTMLElement | null {
  const certificate = entry.certificate
  if (certificate === null) return null
  const mismatch = entry.explanation.certificateMismatch
  return h('section', { class: 'certificate', 'aria-label': 'Certificate' },
    h('h4', {}, 'Certificate'),
    mismatch === null ? null : h('p', { class: 'mismatch', 'data-testid': 'mismatch' }, h('strong', {}, 'Type mismatch: '), mismatch),
    facts([
      ['File name', certificate.filename],
      ['Declared type', certificate.declaredType],
      ['Sniffed type', certificate.sniffedType ?? 'unknown'],
      ['Size', `${certificate.size} bytes`],
      ['SHA-256', h('code', { class: 'hash' }, certificate.sha256)],
    ]))
}

function fieldsSection (entry: Entry): HTMLElement {
  const names = Object.keys(entry.fields).filter((name) => name !== 'business_certificate' || entry.certificate === null)
  const rows = names.map((name) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, h('code', {}, fieldText(entry.fields[name])))))
  return h('section', { 'aria-label': 'Fields' },
    h('h4', {}, 'Fields as received'),
    rows.length === 0
      ? h('p', {}, 'No fields.')
      : h('table', { class: 'fields' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Value'))), h('tbody', {}, ...rows)))
}

function responseSection (entry: Entry): HTMLElement {
  const { envelope } = entry.explanation
  let body: Node
  if (entry.status === 0) body = h('p', {}, 'No response: the connection was cut.')
  else if (envelope !== null) body = json(envelope)
  else if (entry.code === 'I102' && entry.sid !== null) body = h('p', {}, 'The activation it created is shown with ', h('a', { href: accountHref(entry.sid) }, 'the account'), '.')
  else body = h('p', {}, `Code ${entry.code ?? 'none'}; the journal keeps the code, not this response's wording.`)
  return h('section', { 'aria-label': 'Response' }, h('h4', {}, `Response ${statusText(entry)}`), body)
}

/**
 * Everything the journal knows of one request, rejection reason first. Try it shows the answer
 * itself, beside this, so it leaves the response out (`withResponse: false`).
 */
export function entryDetail (entry: Entry, { withResponse = true } = {}): HTMLElement {
  const { sentence } = entry.explanation
  const rejected = entry.rule !== null
  return h('article', { class: 'entry-detail', 'aria-label': `Request ${entry.seq}` },
    h('h3', {}, `Request #${entry.seq}`),
    sentence === '' ? null : h('p', { class: rejected ? 'reason rejected' : 'reason accepted', 'data-testid': 'reason' }, sentence),
    entry.code === 'E937' && entry.sid !== null ? h('p', {}, h('a', { href: accountHref(entry.sid), 'data-testid': 'account-link' }, `Open account ${entry.sid}`)) : null,
    facts([
      ['Time', entry.time],
      ['Request', `${entry.method} ${entry.path}`],
      ['SID', entry.sid ?? '(none)'],
      ['Content-Type', entry.contentType ?? '(none)'],
      ['api-key', entry.apiKey.sent ? `sent (sha256 ${entry.apiKey.hash ?? ''}…)` : 'not sent'],
      ['Status and code', `${statusText(entry)} ${entry.code ?? ''}`],
      ['Rule', entry.rule === null ? '(none)' : `${entry.rule}${entry.parameter ? ` on ${entry.parameter}` : ''}`],
      ['Time taken', `${entry.durationMs} ms`],
      ...(entry.fault === undefined ? [] : [['Fault', `${entry.fault.kind}${entry.fault.step === undefined ? '' : ` (step ${entry.fault.step} of ${entry.fault.steps ?? '?'})`}: ${entry.fault.did}`] as [string, string]]),
      ...Object.entries(entry.headers ?? {}).map(([name, value]) => [`Header ${name}`, value] as [string, string]),
    ]),
    certificateSection(entry),
    fieldsSection(entry),
    withResponse ? responseSection(entry) : null)
}

import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { analyseJournal } from '../../server/report/analyse-journal.js'
import type { JournalEntry } from '../../server/journal/journal.js'
import type { MockNamespace } from '../../server/index.js'
import { activationForm, API_KEY, readCertificate, VALID_FIELDS } from '../support/helpers.js'
import { startTestServer } from '../support/server-helpers.js'
import { journalEntry } from '../support/activations.js'

/** One request as a client sends it, over a real socket. */
async function send (ns: MockNamespace, sid: string, body: { payload: Buffer, headers: Record<string, string> } = activationForm()): Promise<number> {
  const response = await fetch(`${ns.url}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { ...body.headers, 'api-key': API_KEY }, body: new Uint8Array(body.payload) })
  await response.arrayBuffer()
  return response.status
}

/** A multipart body written by hand, for what form libraries will not write (a file part with an empty filename). */
function rawMultipart (certificatePartHeader: string, bytes: Buffer): { payload: Buffer, headers: Record<string, string> } {
  const boundary = 'report-boundary'
  const text = Object.entries(VALID_FIELDS).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')
  const payload = Buffer.concat([Buffer.from(`${text}--${boundary}\r\n${certificatePartHeader}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('the client report', () => {
  it('finds each kind of mistake in a scripted bad client session', async () => {
    const mock = await startTestServer()
    const ns = mock.namespace()

    // Sends again after E937.
    expect(await send(ns, 'HXDUP')).toBe(200)
    expect(await send(ns, 'HXDUP')).toBe(400)
    expect(await send(ns, 'HXDUP')).toBe(400)
    // The same rejected body twice.
    const badId = activationForm({ ...VALID_FIELDS, business_id: 'abc' })
    expect(await send(ns, 'HXREP', badId)).toBe(400)
    expect(await send(ns, 'HXREP', badId)).toBe(400)
    // Two submissions in flight at once (the first held up 300 ms).
    await ns.admin.addFault({ kind: 'delay', delayMs: 300, sid: 'HXCONC' })
    const first = send(ns, 'HXCONC')
    await sleep(50)
    expect(await send(ns, 'HXCONC')).toBe(200)
    expect(await first).toBe(400)
    // A retry at once after a 503, and one before the Retry-After of a 429.
    await ns.admin.addFault({ kind: 'status', status: 503, sid: 'HXFAST' })
    expect(await send(ns, 'HXFAST')).toBe(503)
    expect(await send(ns, 'HXFAST')).toBe(200)
    await ns.admin.addFault({ kind: 'status', status: 429, retryAfter: 1, sid: 'HXAFTER' })
    expect(await send(ns, 'HXAFTER')).toBe(429)
    await sleep(150)
    expect(await send(ns, 'HXAFTER')).toBe(200)
    // PDF bytes named and declared PNG: accepted, still wrong.
    expect(await send(ns, 'HXMISMATCH', activationForm(VALID_FIELDS, { bytes: readCertificate('certificate.pdf'), filename: 'certificate.png', contentType: 'image/png' }))).toBe(200)
    // A file part with an empty filename.
    await send(ns, 'HXNONAME', rawMultipart('Content-Disposition: form-data; name="business_certificate"; filename=""\r\nContent-Type: image/png', readCertificate('certificate.png')))
    // The certificate as a text field.
    const text = new FormData()
    for (const [name, value] of Object.entries(VALID_FIELDS)) text.append(name, value)
    text.append('business_certificate', 'C:\\certificates\\shop.png')
    const textAnswer = await fetch(`${ns.url}/v1/HXTEXT/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY }, body: text })
    expect(textAnswer.status).toBe(400)

    const report = await ns.admin.report()
    expect(report.findings.map((finding) => [finding.kind, finding.severity, finding.sid, finding.seqs])).toEqual([
      ['retried_after_already_submitted', 'error', 'HXDUP', [2, 3]],
      ['repeated_rejected_request', 'warning', 'HXREP', [4, 5]],
      ['concurrent_submissions', 'error', 'HXCONC', [6, 7]],
      ['retry_without_backoff', 'warning', 'HXFAST', [8, 9]],
      ['retry_without_backoff', 'warning', 'HXAFTER', [10, 11]],
      ['certificate_type_mismatch', 'warning', 'HXMISMATCH', [12]],
      ['missing_filename', 'warning', 'HXNONAME', [13]],
      ['text_certificate', 'error', 'HXTEXT', [14]],
    ])
    const messages = report.findings.map((finding) => finding.message)
    expect(messages[0]).toBe('HXDUP got E937 (already submitted) at #2 and was sent again 1 time(s) (#3). The real API never accepts an account that already submitted: stop and show the error instead of retrying.')
    expect(messages[4]).toMatch(/^#11 retried HXAFTER \d+ ms after #10 answered 429 with Retry-After: 1: wait at least as long as Retry-After says\.$/)
    expect(messages[5]).toBe('#12 sent a certificate named certificate.png and declared image/png, but its bytes are PDF (accepted: the API judges the bytes): name and declare the file as what it is.')
    expect(report).toMatchObject({ analysed: 14, dropped: 0, gapMs: 100 })
    // The other namespace's report is its own.
    expect((await mock.admin.report()).findings).toEqual([])
  })

  it('finds nothing in a well-behaved session: one submit, a retry after a backoff, no retry after E937', async () => {
    const mock = await startTestServer()
    const ns = mock.namespace()
    expect(await send(ns, 'HXGOOD1')).toBe(200)
    await ns.admin.seedAccount('HXGOOD2', 'submitted')
    expect(await send(ns, 'HXGOOD2')).toBe(400)
    await ns.admin.addFault({ kind: 'sequence', sid: 'HXGOOD3', steps: [{ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfter: 1 }, { kind: 'pass' }] })
    expect(await send(ns, 'HXGOOD3')).toBe(503)
    await sleep(150)
    expect(await send(ns, 'HXGOOD3')).toBe(429)
    await sleep(1050)
    expect(await send(ns, 'HXGOOD3')).toBe(200)
    expect(await send(ns, 'HXGOOD4', activationForm({ ...VALID_FIELDS, business_id: 'abc' }))).toBe(400)
    expect(await send(ns, 'HXGOOD4')).toBe(200)
    expect(await send(ns, 'HXGOOD5', activationForm(VALID_FIELDS, { bytes: readCertificate('certificate.pdf'), filename: 'shop.PDF', contentType: 'application/octet-stream' }))).toBe(200)
    const report = await ns.admin.report()
    expect(report.findings).toEqual([])
    expect(report.analysed).toBe(8)
  })

  it('does not call a certificate whose filename is only a path missing, since PHP uploads it with an empty name', () => {
    const entry: JournalEntry = { seq: 1, ...journalEntry('HXPATH'), certificate: { filename: '', declaredType: 'image/png', sniffedType: 'png', size: 100, sha256: 'abc' } }
    expect(analyseJournal([entry])).toEqual([])
    expect(analyseJournal([{ ...entry, certificate: null, unnamedFiles: [{ name: 'business_certificate', size: 100 }] }]).map((finding) => finding.kind)).toEqual(['missing_filename'])
  })

  it('holds a retry to the configured gap', () => {
    const failed: JournalEntry = { seq: 1, ...journalEntry('HXGAP', 503), time: '2026-01-15T00:00:00.000Z', durationMs: 10 }
    const retry: JournalEntry = { seq: 2, ...journalEntry('HXGAP'), time: '2026-01-15T00:00:00.160Z' }
    expect(analyseJournal([failed, retry], { gapMs: 100 })).toEqual([])
    expect(analyseJournal([failed, retry], { gapMs: 200 })).toEqual([{
      kind: 'retry_without_backoff',
      severity: 'warning',
      sid: 'HXGAP',
      seqs: [1, 2],
      message: '#2 retried HXGAP 150 ms after a 503 at #1, within 200 ms: back off (exponentially, with jitter) before retrying.',
    }])
  })
})

import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { buildApp } from '../server/app.js'
import { SNAPSHOT_BODY_BYTES } from '../server/state/snapshot-routes.js'
import { startMock, stop } from './processes.js'
import type { Journal } from '../server/journal/journal.js'
import { writeAdminLimitsResults, type AdminLimitsResults, type JournalRun } from './report.js'
import { activationPath, API_KEY } from './scenarios.js'

/**
 * The admin API at the limits of its inputs: `npm run build && npx tsx bench/admin-limits.ts`.
 * - a PUT /__admin/snapshot body just under its 256 MiB limit, then GET of the same, against the
 *   built mock as a process of its own (its peak resident memory from /proc);
 * - 500,000 accounts paged by GET /__admin/accounts?limit=500, every page, on the same process;
 * - a journal of 1,000,000 entries of a large form (its fields at their 255-character limit, a 2 MiB
 *   certificate's description), and one of 200,000 of the largest entry it keeps (20 fields cut at
 *   512 characters), each in this process (no stream of requests fills a million entries in a
 *   bench's time), read newest first, by SID and after a seq, through app.inject.
 * Run with --expose-gc (the heap figures are after a collection): node --expose-gc --import tsx bench/admin-limits.ts
 * Writes bench/admin-limits-results.json and renders docs/benchmarks.md again.
 */

const MIB = 1024 * 1024
const PAGED_ACCOUNTS = 500_000
const PAGE = 500
const JOURNAL_ENTRIES = 1_000_000

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const round = (ms: number): number => Math.round(ms * 10) / 10

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakMiB (pid: number): number {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024)
}

async function timed<T> (work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await work()
  return [value, round(performance.now() - started)]
}

async function send (port: number, method: string, path: string, body?: string): Promise<{ status: number, text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } })
  return { status: response.status, text: await response.text() }
}

/** A real activation, made by the mock, to copy into a large snapshot. */
async function oneActivation (port: number): Promise<object> {
  const form = new FormData()
  for (const [name, value] of Object.entries({ display_name: 'Kaleyra Test', wa_number: '+13236621127', business_id: '1234567891', business_name: 'Kaleyra' })) form.append(name, value)
  form.append('business_certificate', new Blob([readFileSync(new URL('../fixtures/certificates/certificate.png', import.meta.url))], { type: 'image/png' }), 'certificate.png')
  const response = await fetch(`http://127.0.0.1:${port}${activationPath('HXTEMPLATE')}`, { method: 'POST', body: form, headers: { 'api-key': API_KEY } })
  if (response.status !== 200) throw new Error(`the template activation answered ${response.status}`)
  return (JSON.parse((await send(port, 'GET', '/__admin/accounts/HXTEMPLATE')).text) as { activation: object }).activation
}

/** A snapshot of submitted accounts with activations, as large as fits under `bytes`. */
function largeSnapshot (activation: object, bytes: number): { body: string, accounts: number } {
  const counters = { businessDetailsId: 1, certificateId: 1, phoneNumberId: 1 }
  const head = '{"version":1,"accounts":['
  const tail = `],"counters":${JSON.stringify(counters)}}`
  const parts: string[] = []
  let size = head.length + tail.length
  for (let i = 0; ; i++) {
    const account = `${i === 0 ? '' : ','}${JSON.stringify({ sid: `HXBIG${String(i).padStart(8, '0')}`, state: 'submitted', activation })}`
    if (size + Buffer.byteLength(account) > bytes) break
    parts.push(account)
    size += Buffer.byteLength(account)
  }
  return { body: head + parts.join('') + tail, accounts: parts.length }
}

async function snapshotAndPaging (): Promise<Pick<AdminLimitsResults, 'snapshot' | 'paging'>> {
  const mock = await startMock({ LOG_LEVEL: 'warn' })
  try {
    const { body, accounts } = largeSnapshot(await oneActivation(mock.port), SNAPSHOT_BODY_BYTES - 64 * 1024)
    const [put, putMs] = await timed(() => send(mock.port, 'PUT', '/__admin/snapshot', body))
    if (put.status !== 200) throw new Error(`PUT /__admin/snapshot answered ${put.status}: ${put.text.slice(0, 300)}`)
    const [got, getMs] = await timed(() => send(mock.port, 'GET', '/__admin/snapshot').catch((error: unknown) => {
      throw new Error(`GET /__admin/snapshot failed: ${(error as Error).message} (${String((error as { cause?: unknown }).cause)}); the mock is ${mock.child.exitCode === null ? 'running' : `gone (${mock.child.exitCode})`}`)
    }))
    if (got.status !== 200) throw new Error(`GET /__admin/snapshot answered ${got.status}`)
    const snapshot = { bodyMiB: round(Buffer.byteLength(body) / MIB), accounts, putMs, getMs, getMiB: round(Buffer.byteLength(got.text) / MIB), peakRssMiB: peakMiB(mock.child.pid!) }
    process.stderr.write(`snapshot: ${JSON.stringify(snapshot)}\n`)

    const seeded = JSON.stringify({ version: 1, accounts: Array.from({ length: PAGED_ACCOUNTS }, (_, i) => ({ sid: `HXPAGE${String(i).padStart(7, '0')}`, state: 'submitted' })), counters: { businessDetailsId: 0, certificateId: 0, phoneNumberId: 0 } })
    const [seed, seedMs] = await timed(() => send(mock.port, 'PUT', '/__admin/snapshot', seeded))
    if (seed.status !== 200) throw new Error(`PUT of ${PAGED_ACCOUNTS} accounts answered ${seed.status}`)
    const pageMs: number[] = []
    let after: string | null = ''
    let seen = 0
    const [, totalMs] = await timed(async () => {
      while (after !== null) {
        const [page, ms] = await timed(() => send(mock.port, 'GET', `/__admin/accounts?limit=${PAGE}${after === '' ? '' : `&after=${encodeURIComponent(after!)}`}`))
        const { accounts: rows, next } = JSON.parse(page.text) as { accounts: unknown[], next: string | null }
        seen += rows.length
        pageMs.push(ms)
        after = next
      }
    })
    if (seen !== PAGED_ACCOUNTS) throw new Error(`paging saw ${seen} accounts of ${PAGED_ACCOUNTS}`)
    const paging = { accounts: PAGED_ACCOUNTS, pageSize: PAGE, pages: pageMs.length, seedMs, medianPageMs: median(pageMs), maxPageMs: Math.max(...pageMs), totalMs, peakRssMiB: peakMiB(mock.child.pid!) }
    process.stderr.write(`paging: ${JSON.stringify(paging)}\n`)
    return { snapshot, paging }
  } finally {
    await stop(mock)
  }
}

/** What one request leaves in the journal: `fields` text fields of `chars` characters each, this entry's own strings. */
function entryOf (i: number, fields: number, chars: number): Parameters<Journal['record']>[0] {
  const sid = `HXJ${i % 1000}`
  const own = Object.fromEntries(Array.from({ length: fields }, (_, f) => [`field_${f}`, `${i}:${f}:`.padEnd(chars, 'x')]))
  return {
    time: new Date(1_767_225_600_000 + i).toISOString(), method: 'POST', path: `/v1/${sid}/whatsapp/activation`, sid,
    contentType: 'multipart/form-data; boundary=----bench', headers: { 'user-agent': 'bench/1.0' }, apiKey: { sent: true, hash: 'abcdef012345' },
    fields: own, certificate: { filename: `certificate-${i}.png`, declaredType: 'image/png', sniffedType: 'image/png', size: 2 * MIB, sha256: i.toString(16).padStart(64, '0') },
    status: 400, durationMs: 3, code: 'E413', rule: 'required', parameter: 'display_name',
  } as Parameters<Journal['record']>[0]
}

/** A journal of `entries` entries in this process: the heap it takes, and reads of it. */
async function fullJournal (entries: number, fields: number, chars: number): Promise<JournalRun> {
  globalThis.gc?.()
  const before = process.memoryUsage().heapUsed
  const app = await buildApp({ journalSize: entries })
  const [, fillMs] = await timed(async () => {
    for (let i = 0; i < entries; i++) app.state.journal.record(entryOf(i, fields, chars))
  })
  globalThis.gc?.()
  const heapMiB = Math.round((process.memoryUsage().heapUsed - before) / MIB)
  const read = async (url: string): Promise<number> => {
    const [response, ms] = await timed(() => app.inject({ method: 'GET', url }))
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 200)}`)
    return ms
  }
  const run: JournalRun = {
    entries,
    fields,
    chars,
    fillMs,
    heapMiB,
    bytesPerEntry: Math.round((heapMiB * MIB) / entries),
    newestPageMs: await read('/__admin/requests?limit=100'),
    bySidMs: await read('/__admin/requests?sid=HXJ7&limit=100'),
    absentSidMs: await read('/__admin/requests?sid=HXNONE'),
    sinceMs: await read(`/__admin/requests?since=${entries - 50}`),
  }
  process.stderr.write(`journal: ${JSON.stringify(run)}\n`)
  await app.close()
  return run
}

const results: AdminLimitsResults = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpus: availableParallelism(), node: process.version },
  ...await snapshotAndPaging(),
  // A form's usual fields at their 255-character limit and a certificate's description, a million times;
  // then the largest entry the journal keeps (20 fields cut at 512 characters), as many as fit a bench's memory.
  journal: [await fullJournal(JOURNAL_ENTRIES, 5, 255), await fullJournal(200_000, 20, 512)],
}
writeAdminLimitsResults(results)

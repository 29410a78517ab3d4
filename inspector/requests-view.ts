import { adminJson, inNamespace } from './api.js'
import { byId, h, replaceChildren } from './dom.js'
import { entryDetail, statusText } from './entry-detail.js'
import type { EntriesPage, Entry } from './types.js'

/**
 * The journal, live. Polling with since=<seq>, not Server-Sent Events: an EventSource cannot
 * send the Authorization header the admin token needs, and polling reads the same journal
 * whichever backend holds it (one Redis list shared by replicas included), holding no
 * connection open that a graceful shutdown would have to wait for.
 */
const POLL_MS = 500
const HIDDEN_POLL_MS = 3000
/** Rows the page keeps; the journal itself keeps its own capacity (1,000 by default). */
const MAX_ROWS = 5000

interface Row { entry: Entry, element: HTMLTableRowElement }

export interface RequestsView {
  start (): void
  /** The journal was cleared from this page, or the page shows another namespace: start again from seq 0. */
  cleared (): void
  /** The newest seq the page has seen. */
  lastSeq (): number
}

function timeOf (iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour12: false }) + `.${String(date.getMilliseconds()).padStart(3, '0')}`
}

function statusClass (status: number): string {
  if (status === 0 || status >= 500) return 'status-failed'
  return status >= 400 ? 'status-rejected' : 'status-ok'
}

export function createRequestsView (onStatus: (text: string) => void): RequestsView {
  const body = byId<HTMLTableSectionElement>('requests-body')
  const scroller = byId('requests-scroller')
  const detail = byId('request-detail')
  const sidFilter = byId<HTMLInputElement>('filter-sid')
  const statusFilter = byId<HTMLSelectElement>('filter-status')
  const codeFilter = byId<HTMLInputElement>('filter-code')
  const empty = byId('requests-empty')
  const rows = new Map<number, Row>()
  let last = 0
  let generation = 0
  let selected: number | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  function matches (entry: Entry): boolean {
    const sid = sidFilter.value.trim().toLowerCase()
    if (sid !== '' && !(entry.sid ?? '').toLowerCase().includes(sid)) return false
    // The inner code (E413) or the envelope's outer one (E939), whichever the user read.
    const code = codeFilter.value.trim().toUpperCase()
    if (code !== '' && (entry.code ?? '') !== code && (entry.explanation.outerCode ?? '') !== code) return false
    switch (statusFilter.value) {
      case '2xx': return entry.status >= 200 && entry.status < 300
      case '4xx': return entry.status >= 400 && entry.status < 500
      case '5xx': return entry.status >= 500
      case 'dropped': return entry.status === 0
      default: return true
    }
  }

  function applyFilters (): void {
    let shown = 0
    for (const { entry, element } of rows.values()) {
      element.hidden = !matches(entry)
      if (!element.hidden) shown++
    }
    empty.hidden = shown > 0
    empty.textContent = rows.size === 0 ? `No requests yet: send one to ${inNamespace('/v1/{sid}/whatsapp/activation')}, or use Try it.` : 'No request matches the filters.'
  }

  function select (seq: number): void {
    const row = rows.get(seq)
    if (row === undefined) return
    const previous = selected === undefined ? undefined : rows.get(selected)
    previous?.element.classList.remove('selected')
    previous?.element.querySelector('button')?.setAttribute('aria-pressed', 'false')
    selected = seq
    row.element.classList.add('selected')
    row.element.querySelector('button')?.setAttribute('aria-pressed', 'true')
    replaceChildren(detail, entryDetail(row.entry))
  }

  function rowOf (entry: Entry): HTMLTableRowElement {
    const words = entry.explanation.summary
    // The button is the row's keyboard handle; a click anywhere on the row (the button's included) opens it.
    const open = h('button', { type: 'button', class: 'row-button', 'aria-pressed': 'false', 'aria-label': `Request ${entry.seq} at ${timeOf(entry.time)}` }, timeOf(entry.time))
    const row = h('tr', { 'data-seq': String(entry.seq) },
      h('td', {}, open),
      h('td', { class: 'sid' }, entry.sid ?? ''),
      h('td', { class: statusClass(entry.status) }, statusText(entry)),
      h('td', {}, entry.code ?? ''),
      h('td', { class: 'rule', title: entry.explanation.sentence }, words))
    row.addEventListener('click', () => select(entry.seq))
    return row
  }

  /** Newest first; earlier rows stay, and the rows in view stay in view. */
  function add (entries: Entry[]): void {
    if (entries.length === 0) return
    const fragment = document.createDocumentFragment()
    for (const entry of entries) {
      if (rows.has(entry.seq)) continue
      const element = rowOf(entry)
      element.hidden = !matches(entry)
      rows.set(entry.seq, { entry, element })
      fragment.append(element)
    }
    const before = scroller.scrollHeight
    const top = scroller.scrollTop
    body.prepend(fragment)
    if (top > 0) scroller.scrollTop = top + (scroller.scrollHeight - before)
    if (rows.size > MAX_ROWS) {
      const oldest = [...rows.keys()].sort((a, b) => a - b).filter((seq) => seq !== selected).slice(0, rows.size - MAX_ROWS)
      for (const seq of oldest) {
        rows.get(seq)?.element.remove()
        rows.delete(seq)
      }
    }
    applyFilters()
  }

  function clear (): void {
    // A poll still in flight was for the journal shown before: its answer is dropped.
    generation++
    rows.clear()
    body.replaceChildren()
    selected = undefined
    last = 0
    replaceChildren(detail, h('p', { class: 'hint' }, 'Select a request to see what was sent and why it was answered so.'))
    applyFilters()
  }

  async function poll (): Promise<void> {
    try {
      const asked = generation
      const page = await adminJson<EntriesPage>('inspectorRequests', { query: `?since=${last}` })
      if (asked !== generation) return
      // Fewer recorded than we have seen: the journal was cleared elsewhere.
      if (page.total < last) {
        clear()
        return void await poll()
      }
      add(page.entries)
      if (page.entries.length > 0) last = Math.max(last, page.entries[0].seq)
      onStatus(`Live: ${page.total} request${page.total === 1 ? '' : 's'} journalled (keeps the last ${page.capacity}).`)
    } catch (error) {
      onStatus(`Cannot read the journal: ${(error as Error).message}`)
    }
  }

  function schedule (): void {
    timer = setTimeout(() => { void poll().finally(schedule) }, document.hidden ? HIDDEN_POLL_MS : POLL_MS)
  }

  for (const input of [sidFilter, codeFilter]) input.addEventListener('input', applyFilters)
  statusFilter.addEventListener('change', applyFilters)
  clear()

  return {
    start () {
      if (timer !== undefined) return
      void poll().finally(schedule)
    },
    cleared () { clear() },
    lastSeq: () => last,
  }
}

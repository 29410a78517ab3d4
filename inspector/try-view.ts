import { adminPath } from '../server/http/admin-route-table.js'
import { adminJson, inNamespace } from './api.js'
import { byId, h, json, replaceChildren } from './dom.js'
import { entryDetail } from './entry-detail.js'
import type { EntriesPage } from './types.js'

/** Texts sent as multipart fields; empty ones are left out, as a client that omits them would. */
const TEXT_FIELDS = ['display_name', 'wa_number', 'business_id', 'business_name', 'incoming_url']

/** One of the sample certificates the mock serves (GET /__admin/fixtures/<name>), which need no token. */
async function sampleCertificate (name: string): Promise<Blob> {
  const answer = await fetch(adminPath('fixture', { name }), { cache: 'no-store' })
  if (!answer.ok) throw new Error(`the sample certificate ${name} could not be read (${answer.status})`)
  return answer.blob()
}

/**
 * Sends a real multipart request from the browser to the vendor endpoint, then shows the answer
 * beside the journal's entry for it.
 */
export function createTryView (seenSeq: () => number): void {
  const form = byId<HTMLFormElement>('try-form')
  const response = byId('try-response')
  const entry = byId('try-entry')

  async function send (): Promise<void> {
    const data = new FormData(form)
    const sid = String(data.get('sid') ?? '').trim()
    const body = new FormData()
    for (const name of TEXT_FIELDS) {
      const value = String(data.get(name) ?? '')
      if (value !== '') body.append(name, value)
    }
    const file = data.get('business_certificate')
    const sample = String(data.get('sample') ?? '')
    if (file instanceof File && file.name !== '') body.append('business_certificate', file, file.name)
    else if (sample !== '') body.append('business_certificate', await sampleCertificate(sample), sample)
    const headers: Record<string, string> = {}
    const apiKey = String(data.get('api_key') ?? '')
    if (apiKey !== '') headers['api-key'] = apiKey
    const since = seenSeq()
    const answer = await fetch(inNamespace(`/v1/${encodeURIComponent(sid)}/whatsapp/activation`), { method: 'POST', body, headers, cache: 'no-store' })
    const text = await answer.text()
    let shown: Node
    try {
      shown = json(JSON.parse(text))
    } catch {
      shown = h('pre', { class: 'json' }, text)
    }
    replaceChildren(response, h('h3', {}, `Response ${answer.status}`), shown)
    // The journal has the entry before the response left (journal-capture.ts).
    const page = await adminJson<EntriesPage>('inspectorRequests', { query: `?since=${since}` })
    const mine = page.entries.find((candidate) => candidate.sid === sid)
    // The answer is shown once, above; the entry adds what the journal knows.
    replaceChildren(entry, mine === undefined ? h('p', {}, 'The journal has no entry for it (was it cleared?).') : entryDetail(mine, { withResponse: false }))
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void send().catch((error: unknown) => {
      replaceChildren(response, h('p', { class: 'reason rejected' }, `The request failed: ${(error as Error).message}`))
    })
  })
}

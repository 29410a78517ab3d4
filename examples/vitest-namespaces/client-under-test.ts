import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Stands in for the client team's code: it knows only a base URL and an api-key, and uses fetch. */

const CERTIFICATE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'certificates', 'certificate.png'))

export const VALID = { display_name: 'Acme', wa_number: '+13236621127', business_id: '1234567891', business_name: 'Acme Inc' }

export interface Answer {
  status: number
  /** The inner code when there is one (E937, E413), else the outer one (I102). */
  code: string
  body: Envelope
}

interface Envelope {
  code: string
  data: Array<{ business_details: { id: number } }>
  error: { code?: string, parameter?: string }
}

export async function submitActivation (baseUrl: string, sid: string, options: { apiKey?: string, fields?: Record<string, string> } = {}): Promise<Answer> {
  const form = new FormData()
  for (const [name, value] of Object.entries(options.fields ?? VALID)) form.set(name, value)
  form.set('business_certificate', new Blob([CERTIFICATE], { type: 'image/png' }), 'certificate.png')
  const response = await fetch(`${baseUrl}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': options.apiKey ?? 'key' }, body: form })
  const body = await response.json() as Envelope
  return { status: response.status, code: body.error.code ?? body.code, body }
}

/** Retries a 5xx up to `attempts` times, as the client's retry policy under test would. */
export async function submitWithRetries (baseUrl: string, sid: string, attempts: number): Promise<Answer[]> {
  const answers: Answer[] = []
  for (let attempt = 0; attempt < attempts; attempt++) {
    const answer = await submitActivation(baseUrl, sid)
    answers.push(answer)
    if (answer.status < 500) break
  }
  return answers
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import FormData from 'form-data'
import { ROOT } from './processes.js'

const fixtures = join(ROOT, 'fixtures')
const validFields = JSON.parse(readFileSync(join(fixtures, 'requests', 'valid-activation.json'), 'utf8')) as Record<string, string>
export const API_KEY = 'Ac4XXXXX21f'

export interface Scenario {
  name: string
  /** What the mock must answer; any other status counts as unexpected. */
  expectedStatus: number
  body: Buffer
  headers: Record<string, string>
  /** A fresh SID per request, so each one does the full work (claim included). */
  freshSid: boolean
  /** A SID claimed before the run (the E937 path). */
  claimedSid?: string
}

function form (certificate: string): { body: Buffer, headers: Record<string, string> } {
  const data = new FormData()
  for (const [name, value] of Object.entries(validFields)) data.append(name, value)
  data.append('business_certificate', readFileSync(join(fixtures, 'certificates', certificate)), { filename: certificate, contentType: 'application/octet-stream' })
  return { body: data.getBuffer(), headers: { ...data.getHeaders(), 'api-key': API_KEY } }
}

export function activationPath (sid: string): string {
  return `/v1/${sid}/whatsapp/activation`
}

/** The two paths measured beside bare Fastify, each with a fresh SID per request, and the code each answers. */
export function buildPeerScenarios (): Array<{ scenario: Scenario, code: string }> {
  const [json, png] = buildScenarios()
  return [
    { scenario: { ...json, name: 'json-business-id-not-integer', freshSid: true }, code: 'E413' },
    { scenario: png, code: 'I102' },
  ]
}

export function buildScenarios (): Scenario[] {
  const png = form('certificate-20kb.png')
  const gif = form('certificate.gif')
  const jsonError = Buffer.from(JSON.stringify({ ...validFields, business_id: '12.5' }))
  return [
    { name: 'json-validation-error', expectedStatus: 400, body: jsonError, headers: { 'content-type': 'application/json', 'api-key': API_KEY }, freshSid: false },
    { name: 'multipart-success-20kb-png', expectedStatus: 200, ...png, freshSid: true },
    { name: 'multipart-reject-gif', expectedStatus: 400, ...gif, freshSid: true },
    { name: 'multipart-e937-20kb-png', expectedStatus: 400, ...png, freshSid: false, claimedSid: 'HXBENCHCLAIMED' },
  ]
}

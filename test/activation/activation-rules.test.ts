import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import FormData from 'form-data'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import {
  ACTIVATION_FIELDS, CERTIFICATE_TYPES, CERTIFICATE_TYPES_IN_WORDS, isRequiredField, MAX_TEXT_LENGTH, RULES, type RuleName,
} from '../../server/activation/activation-rules.js'
import { buildTestApp, postActivation, readCertificate, VALID_FIELDS } from '../support/helpers.js'
import { ROOT } from '../support/server-helpers.js'

// The rule table (server/activation/activation-rules.ts) is the one home of the activation's
// validation. These tests hold everything that reads it to it: what the endpoint answers for each
// check, what the inspector says and rebuilds, what an answer fault sends, and what the OpenAPI
// document says. The messages themselves are held to the vendor's bytes by the fixtures
// (validation-responses.test.ts, validate-activation.test.ts).

const FILE_LIMIT = 1000
const PNG = { bytes: readCertificate('certificate.png'), filename: 'certificate.png', contentType: 'image/png' }
const GIF = { bytes: readCertificate('certificate.gif'), filename: 'logo.png', contentType: 'image/png' }
const OVERSIZE = { bytes: Buffer.alloc(FILE_LIMIT + 1, 0x41), filename: 'big.png', contentType: 'image/png' }

type File = typeof PNG
type Witness = string | number | File | null

/** A value of the field that fails exactly this check, all the checks before it passing. */
const WITNESSES: Readonly<Record<RuleName, Witness>> = {
  uploadFailed: OVERSIZE,
  required: null,
  string: 42,
  maxLength: 'x'.repeat(MAX_TEXT_LENGTH + 1),
  phoneNumber: '555-1234',
  integer: '1.0',
  certificateType: GIF,
  url: 'nope',
}

/** A valid request with one field replaced by the witness: JSON for a number, multipart otherwise. */
function requestWith (field: string, witness: Witness): { payload: string | Buffer, headers: Record<string, string> } {
  if (typeof witness === 'number') {
    return { payload: JSON.stringify({ ...VALID_FIELDS, [field]: witness }), headers: { 'content-type': 'application/json' } }
  }
  const parts: Record<string, string | File> = { ...VALID_FIELDS, business_certificate: PNG }
  if (witness === null) delete parts[field]
  else parts[field] = witness
  const form = new FormData()
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value.bytes, { filename: value.filename, contentType: value.contentType })
  }
  return { payload: form.getBuffer(), headers: form.getHeaders() }
}

const CASES = ACTIVATION_FIELDS.flatMap((field) => field.checks.map(({ rule }) => ({ field: field.name, rule })))

async function lastEntry (app: FastifyInstance) {
  return (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json().entries[0]
}

describe('the activation\'s rule table', () => {
  it('names every rule it has words for, and no rule without them', () => {
    expect(new Set(CASES.map(({ rule }) => rule))).toEqual(new Set(Object.keys(RULES)))
  })

  it.each(CASES)('answers $field failing $rule with its envelope, and the inspector explains it with the table\'s words', async ({ field, rule }) => {
    const app = await buildTestApp({ limits: { certificateBytes: FILE_LIMIT } })
    const sent = await postActivation(app, { sid: 'HXRULE', ...requestWith(field, WITNESSES[rule]) })
    expect(sent.statusCode).toBe(400)
    const body = sent.json()
    expect(body).toMatchObject({ code: 'E939', error: { code: 'E413', type: 'VALIDATION_ERROR', parameter: field } })

    const entry = await lastEntry(app)
    expect([entry.rule, entry.parameter]).toEqual([rule, field])
    expect(entry.explanation.envelope).toEqual(body)
    expect(entry.explanation.summary.startsWith(field)).toBe(true)
    expect(entry.explanation.sentence).toBe(`${entry.explanation.summary}: ${RULES[rule].why}.`)

    // An answer fault naming the field and rule sends the very same envelope.
    const fault = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'answer', answer: 'validation', parameter: field, rule } })
    expect(fault.statusCode).toBe(201)
    expect((await postActivation(app, { sid: 'HXFAULT', ...requestWith('incoming_url', 'https://example.com/in') })).json()).toEqual(body)
  })

  it('refuses an answer fault naming a rule the field is not checked with', async () => {
    const app = await buildTestApp()
    const fault = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'answer', answer: 'validation', parameter: 'incoming_url', rule: 'required' } })
    expect(fault.statusCode).toBe(400)
    expect(fault.json().error.message).toBe('incoming_url fails with one of the rules url.')
  })

  it('accepts as certificates exactly the types the documented mimes message lists', () => {
    const listed = /file of type: ([a-z,]+)\.$/.exec(RULES.certificateType.message)?.[1].split(',')
    expect(new Set(listed?.map((type) => (type === 'jpeg' ? 'jpg' : type)))).toEqual(new Set(CERTIFICATE_TYPES))
    expect(CERTIFICATE_TYPES_IN_WORDS).toBe('PNG, JPG or PDF')
  })

  it('gives the OpenAPI document its fields, their limits and which are required', async () => {
    const app = await buildTestApp()
    const schema = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json()
      .paths['/v1/{sid}/whatsapp/activation'].post.requestBody.content['multipart/form-data'].schema
    expect(Object.keys(schema.properties)).toEqual(ACTIVATION_FIELDS.map((field) => field.name))
    expect(schema.required).toEqual(ACTIVATION_FIELDS.filter(isRequiredField).map((field) => field.name))
    for (const field of ACTIVATION_FIELDS) {
      const { description } = schema.properties[field.name]
      expect(description.includes(`at most ${MAX_TEXT_LENGTH} characters`)).toBe(field.checks.some((check) => check.rule === 'maxLength'))
      expect(description.includes(CERTIFICATE_TYPES_IN_WORDS)).toBe(field.checks.some((check) => check.rule === 'certificateType'))
    }
  })

  it('is what the inspector page offers: every field for a validation fault, every field on the Try tab', () => {
    const shell = readFileSync(join(ROOT, 'inspector', 'shell.html'), 'utf8')
    const select = /<select id="fault-parameter"[^>]*>([\s\S]*?)<\/select>/.exec(shell)?.[1] ?? ''
    expect([...select.matchAll(/<option>([^<]+)<\/option>/g)].map((match) => match[1])).toEqual(ACTIVATION_FIELDS.map((field) => field.name))
    const tryForm = /<form id="try-form"[\s\S]*?<\/form>/.exec(shell)?.[0] ?? ''
    const inputs = [...tryForm.matchAll(/<input id="try-[^"]+" name="([^"]+)"( type="file")?/g)].filter((match) => match[1] !== 'sid' && match[1] !== 'api_key')
    const named = (kind: 'text' | 'file') => ACTIVATION_FIELDS.filter((field) => field.kind === kind).map((field) => field.name)
    expect(inputs.filter((match) => match[2] === undefined).map((match) => match[1])).toEqual(named('text'))
    expect(inputs.filter((match) => match[2] !== undefined).map((match) => match[1])).toEqual(named('file'))
  })
})

import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { activationForm, buildTestApp, expectServing, postActivation, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'

// The real service is Laravel on PHP, which never answers "malformed body": PHP's parsers keep
// what they can read, Laravel's validator names the first field it did not get. These cases pin
// that reading, and that the journal's rule says what really happened.

const GOLDEN = { seed: 'golden', now: () => Date.UTC(2026, 0, 15, 12, 0, 0) }
const B = 'X-BOUNDARY'
const MULTIPART = `multipart/form-data; boundary=${B}`

/** A hand-written multipart body of text parts, closed unless `open`. */
function textParts (fields: Record<string, string>, open = false): string {
  const parts = Object.entries(fields).map(([name, value]) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')
  return open ? parts : `${parts}--${B}--\r\n`
}

/** The whole valid form (fields, then the certificate) cut `bytes` short of its end. */
function cutForm (bytes: number): { payload: Buffer, headers: Record<string, string> } {
  const { payload, headers } = activationForm()
  return { payload: payload.subarray(0, payload.length - bytes), headers }
}

function nested (levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`
}

const JSON_TYPE = { 'content-type': 'application/json' }

const CASES: Array<[string, { payload: string | Buffer, headers: Record<string, string> }, string, string]> = [
  ['invalid JSON: json_decode gives null, so no fields', { payload: '{"display_name": ', headers: JSON_TYPE }, 'inferred/display-name-required.json', 'malformed_body'],
  ['JSON nested past json_decode\'s 512 levels, whatever else it holds', { payload: `{"display_name":"Biz","deep":${nested(513)}}`, headers: JSON_TYPE }, 'inferred/display-name-required.json', 'malformed_body'],
  ['JSON that is not UTF-8', { payload: Buffer.concat([Buffer.from('{"display_name":"'), Buffer.from([0xff]), Buffer.from('"}')]), headers: JSON_TYPE }, 'inferred/display-name-required.json', 'malformed_body'],
  ['a Content-Type Laravel does not call JSON (Application/JSON)', { payload: JSON.stringify(VALID_FIELDS), headers: { 'content-type': 'Application/JSON' } }, 'inferred/display-name-required.json', 'unsupported_media_type'],
  ['text/plain, from which PHP fills no fields', { payload: 'display_name=Biz', headers: { 'content-type': 'text/plain' } }, 'inferred/display-name-required.json', 'unsupported_media_type'],
  ['a Content-Type that is no media type at all', { payload: JSON.stringify(VALID_FIELDS), headers: { 'content-type': 'json please' } }, 'inferred/display-name-required.json', 'unsupported_media_type'],
  ['an empty Content-Type', { payload: 'display_name=Biz', headers: { 'content-type': '' } }, 'inferred/display-name-required.json', 'unsupported_media_type'],
  ['a body without a Content-Type', { payload: 'display_name=Biz', headers: {} }, 'inferred/display-name-required.json', 'unsupported_media_type'],
  ['multipart without a boundary, which PHP refuses to read', { payload: textParts(VALID_FIELDS), headers: { 'content-type': 'multipart/form-data' } }, 'inferred/display-name-required.json', 'malformed_body'],
  ['multipart cut inside a text value, which PHP keeps as far as it came', { payload: textParts({ display_name: 'Biz', wa_number: '+1323' }, true), headers: { 'content-type': MULTIPART } }, 'inferred/wa-number-invalid.json', 'malformed_body'],
  ['multipart cut inside the certificate (PHP: UPLOAD_ERR_PARTIAL)', cutForm(30), 'inferred/certificate-too-large.json', 'malformed_body'],
]

async function lastEntry (app: FastifyInstance): Promise<Record<string, unknown>> {
  const response = await app.inject({ method: 'GET', url: '/__admin/requests?limit=1' })
  return response.json().entries[0]
}

describe('bodies PHP reads only in part, on the vendor endpoint', () => {
  it.each(CASES)('answers %s with the validation error for the first field it lacks', async (_name, request, fixture, rule) => {
    const app = await buildTestApp()
    const response = await postActivation(app, { sid: 'HXPHP', ...request })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture(`responses/${fixture}`))
    const expected = readJsonFixture(`responses/${fixture}`) as { error: { code: string, parameter: string } }
    expect(await lastEntry(app)).toMatchObject({ sid: 'HXPHP', status: 400, code: expected.error.code, rule, parameter: expected.error.parameter })
    await expectServing(app)
  })

  it('journals a Content-Type that is no media type as it was sent', async () => {
    const app = await buildTestApp()
    await postActivation(app, { payload: '{}', headers: { 'content-type': 'json please' } })
    expect(await lastEntry(app)).toMatchObject({ contentType: 'json please', rule: 'unsupported_media_type', parameter: 'display_name' })
  })

  it('reads JSON nested exactly 512 levels, as json_decode does', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: `{"display_name":"Biz","deep":${nested(511)}}`, headers: JSON_TYPE })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect(await lastEntry(app)).toMatchObject({ rule: 'required', parameter: 'wa_number' })
  })

  it('reads a JSON key named __proto__ as a field, as PHP does, instead of refusing the body', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: '{"__proto__":{"x":1},"display_name":"Biz"}', headers: JSON_TYPE })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect(JSON.stringify((await lastEntry(app)).fields)).toBe('{"__proto__":"{\\"x\\":1}","display_name":"Biz"}')
  })

  it('reads a +json Content-Type as JSON, as Laravel\'s isJson() does', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: '{"display_name":"Biz"}', headers: { 'content-type': 'application/vnd.api+json' } })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect(await lastEntry(app)).toMatchObject({ rule: 'required', parameter: 'wa_number' })
  })

  it('accepts a form whose closing delimiter lost its last dashes, as PHP does, and still names the fault in the journal', async () => {
    const app = await buildTestApp(GOLDEN)
    const { payload, headers } = cutForm(4)
    const boundary = headers['content-type'].split('boundary=')[1]
    expect(payload.toString('latin1').endsWith(`\r\n--${boundary}`)).toBe(true)
    const response = await postActivation(app, { sid: 'HXGOLDEN', payload, headers })
    expect(response.json()).toEqual(readJsonFixture('responses/seeded-success.json'))
    expect(await lastEntry(app)).toMatchObject({ status: 200, code: 'I102', rule: 'malformed_body', parameter: null })
  })

  it.each([
    ['multipart/form-data boundary=X-BOUNDARY', textParts({ display_name: 'Biz' })],
    ['multipart/form-data,boundary=X-BOUNDARY', textParts({ display_name: 'Biz' })],
    ['application/x-www-form-urlencoded charset=utf-8', 'display_name=Biz'],
  ])('reads a body whose Content-Type %j is no media type, as PHP picks its reader by the type before a space or comma', async (contentType, payload) => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload, headers: { 'content-type': contentType } })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/wa-number-required.json'))
    expect(await lastEntry(app)).toMatchObject({ contentType, parameter: 'wa_number' })
  })

  it('reads no fields from a form whose type PHP does not know once cut at the first space (a tab before the \';\')', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: textParts({ display_name: 'Biz' }), headers: { 'content-type': `multipart/form-data\t; boundary=${B}` } })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('names the true reason in the log line', async () => {
    const lines: string[] = []
    const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
    const app = await buildTestApp({ logger: { level: 'info', stream } })
    await postActivation(app, { payload: '{"display_name": ', headers: JSON_TYPE })
    const line = lines.map((text) => JSON.parse(text)).find((record) => record.msg === 'request completed')
    expect(line).toMatchObject({ statusCode: 400, code: 'E413', rule: 'malformed_body' })
    expect(line.bodyProblem).toMatch(/^The JSON body could not be parsed: /)
  })
})

describe('the mock\'s own routes still refuse what they cannot read', () => {
  it('answers invalid JSON to the admin API with 400 E400', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/faults', payload: '{"sid": ', headers: JSON_TYPE })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'E400', message: 'Malformed request body.', data: [],
      error: { code: 'E400', message: 'The JSON body could not be parsed: Body is not valid JSON but content-type is set to \'application/json\'', data: [] },
    })
  })

  it('answers an unknown Content-Type to the admin API with 415', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/__admin/faults', payload: 'x', headers: { 'content-type': 'text/plain' } })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/unsupported-media-type.json'))
  })

  it('answers an unknown route 404 whatever its body', async () => {
    const app = await buildTestApp()
    const response = await app.inject({ method: 'POST', url: '/v2/nothing', payload: 'x', headers: { 'content-type': 'text/plain' } })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('E404')
  })
})

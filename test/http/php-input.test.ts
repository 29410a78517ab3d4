import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readPhpForm } from '../../server/http/php-form.js'
import { createPhpArray, registerPhpVariable } from '../../server/http/php-variables.js'
import { API_KEY, buildTestApp, FIXTURES, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'

// Each case here is one where PHP 8.2 and Laravel 8 (the parity suite, parity/) read names and parts
// otherwise than a plain reading of the body would; the mock reads them as PHP does.

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

function register (...pairs: Array<[string, unknown]>): unknown {
  const target = createPhpArray()
  for (const [name, value] of pairs) registerPhpVariable(target, name, value)
  return plain(target)
}

describe('PHP\'s filing of a variable under its name', () => {
  it('turns . and space in the base name into _, drops leading spaces, and ends the name at a NUL byte', () => {
    expect(register(['display.name', 'a'], ['  wa number', 'b'], ['business_id\0x', 'c'])).toEqual({ display_name: 'a', wa_number: 'b', business_id: 'c' })
  })

  it('appends for [] and nests for [key], at any depth up to 64 levels, and drops a variable nested deeper', () => {
    expect(register(['a[]', '1'], ['a[]', '2'], ['b[x][y]', '3'], ['b[x][]', '4'], ['c[][k]', '5'])).toEqual({ a: { 0: '1', 1: '2' }, b: { x: { y: '3', 0: '4' } }, c: { 0: { k: '5' } } })
    expect(register([`d${'[k]'.repeat(64)}`, 'x'])).toHaveProperty('d')
    expect(register(['d', 'kept until'], [`d${'[k]'.repeat(65)}`, 'x'])).toEqual({})
  })

  it('reads an unclosed [ as part of the name at the first level, and drops what follows it deeper', () => {
    expect(register(['a[b.c', '1'], ['x[y][z', '2'])).toEqual({ a_b_c: '1', x: { y: '2' } })
  })

  it('continues the list after the largest integer key, and ignores a name that is empty before [', () => {
    expect(register(['a[5]', 'x'], ['a[]', 'y'], ['[k]', 'z'], ['', 'w'])).toEqual({ a: { 5: 'x', 6: 'y' } })
  })
})

describe('a url-encoded body read as PHP fills $_POST', () => {
  it('decodes + and valid %XX escapes, keeps broken ones, and gives a name without = an empty value', () => {
    expect(plain(readPhpForm(Buffer.from('a=+%41%zz%4&b&c=1=2')))).toEqual({ a: ' A%zz%4', b: '', c: '1=2' })
  })
})

const png = readFileSync(`${FIXTURES}/certificates/certificate.png`)
const B = 'X-B'
function multipart (parts: Array<{ name: string, value: string | Buffer, filename?: string }>): { payload: Buffer, headers: Record<string, string> } {
  const chunks = parts.flatMap(({ name, value, filename }) => [
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n\r\n`),
    Buffer.isBuffer(value) ? value : Buffer.from(value),
    Buffer.from('\r\n'),
  ])
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${B}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${B}`, 'api-key': API_KEY } }
}
const fields = (overrides: Record<string, string | undefined> = {}) =>
  Object.entries({ ...VALID_FIELDS, ...overrides }).filter((entry): entry is [string, string] => entry[1] !== undefined).map(([name, value]) => ({ name, value }))
const certificate = { name: 'business_certificate', value: png, filename: 'c.png' }

async function answer (body: { payload: Buffer | string, headers: Record<string, string> }, sid = 'HXPHPINPUT'): Promise<unknown> {
  const app = await buildTestApp()
  const response = await app.inject({ method: 'POST', url: `/v1/${sid}/whatsapp/activation`, ...body })
  return response.statusCode === 200 ? 'I102' : response.json().error.message
}

const MSG_STRING = (readJsonFixture('responses/inferred/display-name-not-string.json') as { error: { message: string } }).error.message
const MSG_DISPLAY_REQUIRED = (readJsonFixture('responses/inferred/display-name-required.json') as { error: { message: string } }).error.message

describe('the activation endpoint reads names and parts as PHP and Laravel do', () => {
  it('takes display_name[] and display_name[k] as arrays, so "must be a string", in a form and in multipart', async () => {
    const form = { payload: 'display_name[]=A', headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': API_KEY } }
    expect(await answer(form)).toBe(MSG_STRING)
    expect(await answer(multipart([{ name: 'display_name[k]', value: 'A' }]))).toBe(MSG_STRING)
  })

  it('finds display.name and "display name" under display_name', async () => {
    const form = { payload: 'display.name=A', headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': API_KEY } }
    expect(await answer(form)).not.toBe(MSG_DISPLAY_REQUIRED)
    expect(await answer(multipart([...fields({ display_name: undefined }), { name: 'display name', value: 'A' }, { ...certificate, name: 'business.certificate' }]))).toBe('I102')
  })

  it('lays a file over a text field of the same name whatever their order, and drops a file input with no file', async () => {
    expect(await answer(multipart([{ name: 'display_name', value: 'A', filename: 'a.txt' }, { name: 'display_name', value: 'A' }]))).toBe(MSG_STRING)
    expect(await answer(multipart([...fields(), { name: 'display_name', value: '', filename: '' }, certificate]))).toBe('I102')
  })

  it('reads a file part with an empty filename as no file, whatever its bytes', async () => {
    expect(await answer(multipart([...fields(), { ...certificate, filename: '' }]))).toBe('business_certificate field is required and cannot be empty.')
  })

  it('drops named files past max_file_uploads (20), counting zero-byte ones but not those without a name', async () => {
    const files = (n: number, filename: string, value: Buffer) => Array.from({ length: n }, (_, i) => ({ name: `extra${i}`, value, filename }))
    expect(await answer(multipart([...fields(), ...files(19, 'x.png', png), certificate]))).toBe('I102')
    expect(await answer(multipart([...fields(), ...files(20, 'x.png', Buffer.alloc(0)), certificate]))).toBe('business_certificate field is required and cannot be empty.')
    expect(await answer(multipart([...fields(), ...files(25, '', png), certificate]))).toBe('I102')
  })

  it('reads 1,000 text parts (max_input_vars) and none after', async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'x' }))
    expect(await answer(multipart([...filler(999), { name: 'display_name', value: 'A' }]))).toBe('wa_number field is required and cannot be empty.')
    expect(await answer(multipart([...filler(1000), { name: 'display_name', value: 'A' }]))).toBe(MSG_DISPLAY_REQUIRED)
  })

  it('answers "failed to upload" under a text field whose value is a file cut short', async () => {
    const { payload, headers } = multipart([{ name: 'display_name', value: 'AAAA', filename: 'a.txt' }])
    expect(await answer({ payload: payload.subarray(0, payload.length - 12), headers })).toBe('The display_name failed to upload.')
  })
})

describe('Laravel\'s input: the body, then the query string', () => {
  it('takes a field from the query string when the body does not have it, and the body\'s when both do', async () => {
    const app = await buildTestApp()
    const form = (sid: string, query: string, payload: string) => app.inject({ method: 'POST', url: `/v1/${sid}/whatsapp/activation?${query}`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': API_KEY } })
    expect((await form('HXQ1', 'display_name=A&wa_number=x', 'business_id=5')).json().error.message).toBe('The wa_number must be a valid phone number in E.164 format.')
    expect((await form('HXQ2', 'display_name[]=A', 'display_name=A')).json().error.message).toBe('wa_number field is required and cannot be empty.')
  })
})

describe('JSON integers as json_decode reads them', () => {
  const post = async (literal: string) => {
    const app = await buildTestApp()
    const payload = JSON.stringify({ ...VALID_FIELDS, business_id: 0 }).replace('"business_id":0', `"business_id":${literal}`)
    const response = await app.inject({ method: 'POST', url: '/v1/HXJSONINT/whatsapp/activation', payload, headers: { 'content-type': 'application/json', 'api-key': API_KEY } })
    return response.json().error.message
  }

  it('keeps an integer up to 2^63 - 1 exact, so it passes the integer rule, and one past it fails (a float in PHP)', async () => {
    expect(await post('9223372036854775807')).toBe('business_certificate field is required and cannot be empty.')
    expect(await post('-9223372036854775808')).toBe('business_certificate field is required and cannot be empty.')
    expect(await post('9223372036854775808')).toBe('The business_id must be an integer.')
    expect(await post('9007199254740993.0')).toBe('The business_id must be an integer.')
  })
})

describe('JSON floats as PHP writes them for FILTER_VALIDATE_INT', () => {
  it('reads 5.0, 1e3 and 12345678901234.0 as integers, and 1e14, 1.5 and 1e400 not', async () => {
    const app = await buildTestApp()
    const post = async (literal: string) => {
      const payload = JSON.stringify({ ...VALID_FIELDS, business_id: 0 }).replace('"business_id":0', `"business_id":${literal}`)
      const response = await app.inject({ method: 'POST', url: '/v1/HXJSONFLOAT/whatsapp/activation', payload, headers: { 'content-type': 'application/json', 'api-key': API_KEY } })
      return response.json().error.parameter
    }
    for (const literal of ['5.0', '1e3', '-0.0', '12345678901234.0', '99999999999999.0']) expect(await post(literal), literal).toBe('business_certificate')
    for (const literal of ['1e14', '1.5', '1e400', '100000000000000.0', '1.0E+15']) expect(await post(literal), literal).toBe('business_id')
  })
})

import { ruleMessage } from '../server/activation/activation-rules.js'
import {
  API_KEY, BOUNDARY, certificate, formOf, multipartBody, multipartType, PNG_PART, post, postForm, postJson, postMultipart, VALID_FIELDS, validParts,
  type BodyKind, type ParityCase, type Part,
} from './cases.js'
import type { RawRequest } from './wire.js'

/** The README table's rows by their message column (see readme-rows.test.ts). */
const ROW = {
  created: 'Activation request created successfully.',
  certificateRequired: ruleMessage('required', 'business_certificate'),
  certificateType: ruleMessage('certificateType', 'business_certificate'),
  alreadySubmitted: 'This account already has submitted a request for WhatsApp activation.',
  fieldRequired: '`<field>` field is required and cannot be empty.',
  notString: 'The display_name / business_name must be a string.',
  tooLong: 'The display_name / business_name must not be greater than 255 characters.',
  phone: ruleMessage('phoneNumber', 'wa_number'),
  integer: ruleMessage('integer', 'business_id'),
  uploadFailed: ruleMessage('uploadFailed', 'business_certificate'),
  url: ruleMessage('url', 'incoming_url'),
  apiKeyMissing: 'Authentication failed. (The api-key header is required.)',
  noFields: ruleMessage('required', 'display_name'),
  cutShort: 'the first field missing or invalid',
  bodyTooLarge: 'Request body too large. (limit)',
  notFound: 'Route not found. (No route matches METHOD path.)',
  methodNotAllowed: 'Method not allowed. (METHOD is not allowed on path; use …)',
} as const

/** Every hand-picked case: documented examples, README rows, hostile shapes. SIDs are unique per case. */
export function handPickedCases (): ParityCase[] {
  const cases: ParityCase[] = []
  let n = 0
  const sid = () => `HXPARITY${++n}`
  const add = (source: ParityCase['source'], kind: BodyKind, name: string, requests: (sid: string) => RawRequest[], readmeRow?: string) => {
    cases.push({ name, source, kind, requests: requests(sid()), ...(readmeRow === undefined ? {} : { readmeRow }) })
  }
  const one = (build: (sid: string) => RawRequest) => (s: string) => [build(s)]
  const multipart = (parts: Part[]) => one((s) => postMultipart(s, parts))
  const fields = (overrides: Record<string, string | undefined>) => {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...VALID_FIELDS, ...overrides })) if (v !== undefined) out[k] = v
    return out
  }

  // The documented examples (fixtures/requests, fixtures/responses).
  add('documented', 'multipart', 'the documented valid request succeeds', multipart(validParts()), ROW.created)
  add('documented', 'multipart', 'a second valid request for the account is refused', (s) => [postMultipart(s, validParts()), postMultipart(s, validParts())], ROW.alreadySubmitted)
  add('documented', 'multipart', 'the documented request without its certificate', multipart(validParts({}, null)), ROW.certificateRequired)
  add('documented', 'multipart', 'a text file named .png as the certificate', multipart(validParts({}, { ...PNG_PART, value: certificate('text-named.png'), filename: 'text-named.png' })), ROW.certificateType)

  // README rows, each field and rule, in multipart, JSON and url-encoded bodies where the body kind can say it.
  for (const field of ['display_name', 'wa_number', 'business_id', 'business_name']) {
    add('readme', 'multipart', `${field} missing`, multipart(validParts({ [field]: undefined })), ROW.fieldRequired)
    add('readme', 'multipart', `${field} blank`, multipart(validParts({ [field]: ' \t ' })), ROW.fieldRequired)
    add('readme', 'json', `${field} missing (JSON)`, one((s) => postJson(s, fields({ [field]: undefined }))), ROW.fieldRequired)
    add('readme', 'json', `${field} null (JSON)`, one((s) => postJson(s, { ...VALID_FIELDS, [field]: null })), ROW.fieldRequired)
    add('readme', 'form', `${field} empty (url-encoded)`, one((s) => postForm(s, formOf(fields({ [field]: '' })))), ROW.fieldRequired)
  }
  for (const field of ['display_name', 'business_name']) {
    add('readme', 'json', `${field} a number (JSON)`, one((s) => postJson(s, { ...VALID_FIELDS, [field]: 5 })), ROW.notString)
    add('readme', 'json', `${field} an object (JSON)`, one((s) => postJson(s, { ...VALID_FIELDS, [field]: { a: 1 } })), ROW.notString)
    add('readme', 'multipart', `${field} as a file part`, multipart(validParts({ [field]: undefined }, null).concat([{ name: field, value: 'Kaleyra', filename: 'a.txt' }, PNG_PART])), ROW.notString)
    add('readme', 'multipart', `${field} of 256 characters`, multipart(validParts({ [field]: 'x'.repeat(256) })), ROW.tooLong)
    add('readme', 'multipart', `${field} of 255 multibyte characters`, multipart(validParts({ [field]: 'é'.repeat(255) })))
    add('readme', 'multipart', `${field} of 256 multibyte characters`, multipart(validParts({ [field]: '€'.repeat(256) })), ROW.tooLong)
    add('readme', 'multipart', `${field} of 255 astral characters`, multipart(validParts({ [field]: '😀'.repeat(255) })))
    add('readme', 'json', `${field} of 256 characters (JSON)`, one((s) => postJson(s, { ...VALID_FIELDS, [field]: 'ü'.repeat(256) })), ROW.tooLong)
  }
  for (const number of ['+10000000000', '+999123456', '13236621127', '+1 323 662 1127', '+0123', '+1323662112712345', 'abc', '+13236621127x']) {
    add('readme', 'multipart', `wa_number ${JSON.stringify(number)}`, multipart(validParts({ wa_number: number })), ROW.phone)
  }
  add('readme', 'json', 'wa_number a JSON number', one((s) => postJson(s, { ...VALID_FIELDS, wa_number: 13236621127 })), ROW.phone)
  add('readme', 'multipart', 'wa_number with spaces around', multipart(validParts({ wa_number: '  +13236621127\n' })))
  for (const id of ['+5', '-0', '0', '0123', '1e3', '1.0', '5.0', ' 7 ', '1 2', '0x1A', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '١٢٣', 'abc']) {
    add('readme', 'multipart', `business_id ${JSON.stringify(id)}`, multipart(validParts({ business_id: id })), ROW.integer)
    add('readme', 'form', `business_id ${JSON.stringify(id)} (url-encoded)`, one((s) => postForm(s, formOf(fields({ business_id: id })))), ROW.integer)
  }
  // JSON literals as written, so that PHP's json_decode and JSON.parse each read the same text.
  for (const id of ['5', '-5', '5.0', '-0', '0.0', '5.5', '1e3', '1E2', '1e20', '9007199254740993', '9223372036854775807', '9223372036854775808', 'true', 'false', '[]', '[1]', '{}', '{"a":1}', '"+5"', '"1.0"', '" 7 "']) {
    const json = JSON.stringify({ ...VALID_FIELDS, business_id: 0 }).replace('"business_id":0', `"business_id":${id}`)
    add('readme', 'json', `business_id ${id} (JSON)`, one((s) => post(s, 'application/json', Buffer.from(json))), ROW.integer)
  }
  for (const url of ['https://example.com/hook', 'http://localhost:8080/x?y=1', 'ftp://example.com/x', 'mailto:a@b.c', 'example.com', 'https://', 'http://exa mple.com', 'https://exämple.com', 'javascript:alert(1)', '//example.com', 'HTTPS://EXAMPLE.COM', 'http://u:p@example.com', 'http://a@b@c.d', 'http://[::1]:80/', 'http://[::g]/', 'http://a.xn--b-', 'http://ab.', 'http://a', 'http://a.b/%zz', 'z39.50r://a.b']) {
    add('readme', 'multipart', `incoming_url ${JSON.stringify(url)}`, multipart(validParts({ incoming_url: url })), ROW.url)
  }
  add('readme', 'json', 'incoming_url an array (JSON)', one((s) => postJson(s, { ...VALID_FIELDS, incoming_url: [] })), ROW.url)
  add('readme', 'json', 'incoming_url a number (JSON)', one((s) => postJson(s, { ...VALID_FIELDS, incoming_url: 5 })), ROW.url)
  for (const file of ['certificate.jpg', 'certificate.pdf', 'jpeg-named.jpeg', 'pdf-named.png', 'png-named.pdf', 'certificate-20kb.png']) {
    add('readme', 'multipart', `certificate ${file}`, multipart(validParts({}, { ...PNG_PART, value: certificate(file), filename: file })), ROW.certificateType)
  }
  for (const file of ['certificate.gif', 'gif-named.jpg', 'not-an-image.txt', 'empty.png']) {
    add('readme', 'multipart', `certificate ${file}`, multipart(validParts({}, { ...PNG_PART, value: certificate(file), filename: file })), ROW.certificateType)
  }
  add('readme', 'multipart', 'certificate as a text field', multipart(validParts({ business_certificate: 'certificate.png' }, null)), ROW.certificateType)
  add('readme', 'json', 'certificate as a JSON string', one((s) => postJson(s, { ...VALID_FIELDS, business_certificate: 'x' })), ROW.certificateType)
  add('readme', 'multipart', 'a file input with no file chosen', multipart(validParts({}, { name: 'business_certificate', value: '', filename: '', contentType: 'application/octet-stream' })), ROW.certificateRequired)
  add('readme', 'multipart', 'a zero-byte certificate with a name', multipart(validParts({}, { ...PNG_PART, value: Buffer.alloc(0) })), ROW.certificateType)
  add('readme', 'multipart', 'a certificate of 3 MiB (over upload_max_filesize)', multipart(validParts({}, { ...PNG_PART, value: Buffer.concat([certificate('certificate.png'), Buffer.alloc(3 * 1024 * 1024)]) })), ROW.uploadFailed)
  add('readme', 'multipart', 'a certificate of 1.9 MiB', multipart(validParts({}, { ...PNG_PART, value: Buffer.concat([certificate('certificate.png'), Buffer.alloc(1900 * 1024)]) })))
  add('readme', 'multipart', 'the body ends inside the certificate', one((s) => post(s, multipartType(), multipartBody(validParts(), { close: false }).subarray(0, -40))), ROW.uploadFailed)
  add('readme', 'multipart', 'the body ends inside display_name', one((s) => post(s, multipartType(), multipartBody([{ name: 'display_name', value: 'Kaleyra Test' }], { close: false }).subarray(0, -6))), ROW.cutShort)
  add('readme', 'multipart', 'the body ends after wa_number', one((s) => post(s, multipartType(), multipartBody(validParts({}, null)).subarray(0, 300))), ROW.cutShort)
  add('readme', 'none', 'no api-key header', one((s) => postMultipart(s, validParts(), null)), ROW.apiKeyMissing)
  add('readme', 'none', 'a blank api-key header', one((s) => post(s, multipartType(), multipartBody(validParts()), [], '  ')), ROW.apiKeyMissing)
  add('readme', 'json', 'invalid JSON', one((s) => post(s, 'application/json', Buffer.from('{"display_name": '))), ROW.noFields)
  add('readme', 'other', 'text/plain body', one((s) => post(s, 'text/plain', Buffer.from(formOf(VALID_FIELDS)))), ROW.noFields)
  add('readme', 'multipart', 'multipart without a boundary', one((s) => post(s, 'multipart/form-data', multipartBody(validParts()))), ROW.noFields)
  add('readme', 'none', 'no body at all', one((s) => post(s, undefined, Buffer.alloc(0))), ROW.noFields)
  add('readme', 'none', 'GET on the activation path', one((s) => ({ method: 'GET', target: `/v1/${s}/whatsapp/activation`, headers: [['api-key', API_KEY]], body: Buffer.alloc(0) })), ROW.methodNotAllowed)
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    add('readme', 'none', `${method} on the activation path`, one((s) => ({ method, target: `/v1/${s}/whatsapp/activation`, headers: [['api-key', API_KEY]], body: Buffer.alloc(0) })), ROW.methodNotAllowed)
  }
  add('readme', 'none', 'POST to an unknown path', one((s) => ({ method: 'POST', target: `/v1/${s}/whatsapp/activate`, headers: [['api-key', API_KEY]], body: Buffer.alloc(0) })), ROW.notFound)
  add('readme', 'none', 'an empty SID', one(() => ({ method: 'POST', target: '/v1//whatsapp/activation', headers: [['api-key', API_KEY]], body: Buffer.alloc(0) })), ROW.notFound)

  // Hostile shapes.
  add('hostile', 'multipart', 'a repeated field keeps its last value', multipart([{ name: 'display_name', value: '' }, ...validParts({ business_id: 'x' }), { name: 'business_id', value: '7' }]))
  add('hostile', 'multipart', 'a repeated field whose last value is blank', multipart([...validParts(), { name: 'display_name', value: ' ' }]))
  add('hostile', 'form', 'a repeated url-encoded field keeps its last value', one((s) => postForm(s, `${formOf(VALID_FIELDS)}&business_id=x&business_id=9`)))
  add('hostile', 'multipart', 'display_name[] as an array', multipart([{ name: 'display_name[]', value: 'A' }, ...validParts({ display_name: undefined })]))
  add('hostile', 'multipart', 'display_name[a] as a map', multipart([{ name: 'display_name[a]', value: 'A' }, ...validParts({ display_name: undefined })]))
  add('hostile', 'form', 'display_name[] as an array (url-encoded)', one((s) => postForm(s, `display_name[]=A&${formOf(fields({ display_name: undefined }))}`)))
  add('hostile', 'form', 'display_name[a] as a map (url-encoded)', one((s) => postForm(s, `display_name[a]=A&${formOf(fields({ display_name: undefined }))}`)))
  add('hostile', 'form', 'business_id[] (url-encoded)', one((s) => postForm(s, `${formOf(fields({ business_id: undefined }))}&business_id[]=5`)))
  add('hostile', 'multipart', 'business_certificate[] as a file array', multipart([...validParts({}, null), { ...PNG_PART, name: 'business_certificate[]' }]))
  add('hostile', 'multipart', 'a file part for business_id', multipart([...validParts({ business_id: undefined }, null), { name: 'business_id', value: '5', filename: 'id.txt' }, PNG_PART]))
  add('hostile', 'multipart', 'the certificate with an empty file name', multipart(validParts({}, { ...PNG_PART, filename: '' })))
  add('hostile', 'multipart', 'LF line ends', one((s) => post(s, multipartType(), multipartBody(validParts(), { eol: '\n' }))))
  add('hostile', 'multipart', 'a quoted boundary', one((s) => post(s, `multipart/form-data; boundary="${BOUNDARY}"`, multipartBody(validParts()))))
  add('hostile', 'multipart', 'a cased Content-Type and parameter', one((s) => post(s, `Multipart/Form-Data; BOUNDARY=${BOUNDARY}`, multipartBody(validParts()))))
  add('hostile', 'multipart', 'a charset before the boundary', one((s) => post(s, `multipart/form-data; charset=utf-8; boundary=${BOUNDARY}`, multipartBody(validParts()))))
  add('hostile', 'multipart', 'a boundary the body does not use', one((s) => post(s, 'multipart/form-data; boundary=other', multipartBody(validParts()))))
  add('hostile', 'multipart', 'an empty boundary', one((s) => post(s, 'multipart/form-data; boundary=', multipartBody(validParts()))))
  add('hostile', 'multipart', 'an odd boundary', one((s) => post(s, "multipart/form-data; boundary='()+_,-./:=?", multipartBody(validParts(), { boundary: "'()+_,-./:=?" }))))
  add('hostile', 'multipart', 'filename* only', multipart(validParts({}, { ...PNG_PART, disposition: "form-data; name=\"business_certificate\"; filename*=UTF-8''c%C3%A9.png" })))
  add('hostile', 'multipart', 'unquoted parameters', multipart(validParts({}, { ...PNG_PART, disposition: 'form-data; name=business_certificate; filename=c.png' })))
  add('hostile', 'multipart', 'a cased Content-Disposition', multipart([{ name: 'display_name', value: 'A', disposition: 'FORM-DATA; NAME="display_name"' }, ...validParts({ display_name: undefined })]))
  add('hostile', 'multipart', 'more file parts than max_file_uploads', multipart([...validParts({}, null), ...Array.from({ length: 25 }, (_, i) => ({ ...PNG_PART, name: `extra${i}` })), PNG_PART]))
  add('hostile', 'multipart', 'more parts than the mock once allowed', multipart([...Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, value: 'x' })), ...validParts()]))
  add('hostile', 'form', 'more fields than max_input_vars', one((s) => postForm(s, `${Array.from({ length: 1005 }, (_, i) => `f${i}=x`).join('&')}&${formOf(VALID_FIELDS)}`)))
  add('hostile', 'multipart', 'more text parts than max_input_vars', multipart([...Array.from({ length: 1005 }, (_, i) => ({ name: `f${i}`, value: 'x' })), ...validParts()]))
  add('hostile', 'json', 'a JSON body that is an array', one((s) => postJson(s, [VALID_FIELDS])))
  add('hostile', 'json', 'a JSON body that is a string', one((s) => postJson(s, 'x')))
  add('hostile', 'json', 'JSON null', one((s) => post(s, 'application/json', Buffer.from('null'))))
  add('hostile', 'json', 'JSON with a byte-order mark', one((s) => post(s, 'application/json', Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(JSON.stringify(VALID_FIELDS))]))))
  add('hostile', 'json', 'JSON nested values', one((s) => postJson(s, { ...VALID_FIELDS, display_name: [['a']] })))
  add('hostile', 'json', 'a JSON body of valid fields (no certificate possible)', one((s) => postJson(s, VALID_FIELDS)))
  add('hostile', 'json', 'JSON booleans as names', one((s) => postJson(s, { ...VALID_FIELDS, display_name: true })))
  add('hostile', 'json', 'JSON with charset', one((s) => postJson(s, { display_name: '' }, 'application/json; charset=utf-8')))
  add('hostile', 'json', 'JSON cased Content-Type', one((s) => postJson(s, { display_name: 'A' }, 'Application/JSON')))
  add('hostile', 'json', 'JSON as application/vnd.api+json', one((s) => postJson(s, { display_name: 'A' }, 'application/vnd.api+json')))
  add('hostile', 'json', 'JSON text/json', one((s) => postJson(s, { display_name: 'A' }, 'text/json')))
  add('hostile', 'json', 'an empty JSON body', one((s) => post(s, 'application/json', Buffer.alloc(0))))
  add('hostile', 'json', 'invalid UTF-8 in JSON', one((s) => post(s, 'application/json', Buffer.from([0x7B, 0x22, 0x64, 0xFF, 0x22, 0x3A, 0x31, 0x7D]))))
  add('hostile', 'form', 'url-encoded with a charset', one((s) => postForm(s, formOf({ display_name: 'A' }), 'application/x-www-form-urlencoded; charset=UTF-8')))
  add('hostile', 'form', 'url-encoded with cased type', one((s) => postForm(s, formOf({ display_name: 'A' }), 'Application/X-WWW-Form-Urlencoded')))
  add('hostile', 'form', 'url-encoded with a broken escape', one((s) => postForm(s, 'display_name=%E0%A4%A&wa_number=%zz')))
  add('hostile', 'form', 'url-encoded with + and %20', one((s) => postForm(s, 'display_name=+%20+&business_id=+5')))
  add('hostile', 'form', 'url-encoded with a NUL byte', one((s) => postForm(s, 'display_name=%00&wa_number=1')))
  add('hostile', 'form', 'url-encoded key with a dot and a space', one((s) => postForm(s, 'display.name=A&display name=B')))
  add('hostile', 'multipart', 'a space instead of ";" before the boundary', one((s) => post(s, `multipart/form-data boundary=${BOUNDARY}`, multipartBody(validParts()))))
  add('hostile', 'multipart', 'a tab before the ";" of the Content-Type', one((s) => post(s, `multipart/form-data\t; boundary=${BOUNDARY}`, multipartBody(validParts()))))
  add('hostile', 'multipart', 'a MAX_FILE_SIZE field smaller than the certificate', multipart([{ name: 'MAX_FILE_SIZE', value: '50' }, ...validParts()]))
  add('hostile', 'multipart', 'a certificate whose filename is only a path', multipart(validParts({}, { ...PNG_PART, filename: 'dir/' })))
  add('hostile', 'multipart', 'a part after the closing delimiter', one((s) => post(s, multipartType(), Buffer.concat([multipartBody(validParts({ display_name: undefined })), multipartBody([{ name: 'display_name', value: 'Late' }])]))))
  add('hostile', 'multipart', 'a Content-Disposition folded onto a second line', multipart([{ name: 'display_name', value: 'A', disposition: 'form-data;\r\n name="display_name"' }, ...validParts({ display_name: undefined })]))
  add('hostile', 'multipart', 'spaces around "=" in the name parameter', multipart([...validParts({ display_name: undefined }, null), { name: 'display_name', value: 'A', disposition: 'form-data; name = "display_name"' }, PNG_PART]))
  add('hostile', 'multipart', 'text and blank lines in a preamble', one((s) => post(s, multipartType(), Buffer.concat([Buffer.from('preamble\r\n\r\n'), multipartBody(validParts())]))))
  add('hostile', 'none', 'a percent-encoded SID', one(() => postMultipart('HX%20PARITY', validParts())))
  add('hostile', 'none', 'a SID of 200 characters', one(() => postMultipart('HX' + 'Z'.repeat(198), validParts())))
  add('hostile', 'none', 'a broken percent-escape in the SID', one(() => postMultipart('%E0%A4%A', validParts())))
  add('hostile', 'none', 'a query string with a field', one((s) => ({ ...postMultipart(s, validParts({ display_name: undefined })), target: `/v1/${s}/whatsapp/activation?display_name=A` })))
  return cases
}

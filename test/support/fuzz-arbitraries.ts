import fc from 'fast-check'
import { readCertificate } from './helpers.js'

export interface FuzzRequest {
  sid: string
  headers: Record<string, string>
  payload: Buffer
}

const FIELD_NAMES = ['display_name', 'wa_number', 'business_id', 'business_name', 'business_certificate', 'incoming_url']
const CERTIFICATE_HEADS = ['certificate.png', 'certificate.jpg', 'certificate.pdf', 'certificate.gif', 'not-an-image.txt'].map(readCertificate)

const sid = fc.constantFrom('HXFUZZ1', 'HXFUZZ2', 'HXFUZZ3', 'HX%20FUZZ', 'HX' + 'Z'.repeat(200), 'HX%zz', '%E0%A4%A')
const apiKey = fc.oneof({ weight: 9, arbitrary: fc.constant('Ac4XXXXX21f') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) })
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) })
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('Kaleyra', '+13236621127', '1234567891', '+5', '0123', '1e3', 'https://x.test', ' ', '', 'x'.repeat(300)),
)

/** Bytes that look like a certificate: random, a real file, or a real file's head with noise after it. */
const certificateBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(...CERTIFICATE_HEADS),
  fc.tuple(fc.constantFrom(...CERTIFICATE_HEADS), fc.nat({ max: 200 }), fc.uint8Array({ maxLength: 100 }))
    .map(([head, cut, tail]) => Buffer.concat([head.subarray(0, cut), tail])),
)

const jsonBody = fc.oneof(
  fc.dictionary(fieldName, fc.oneof(text, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 8 }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.tuple(fc.dictionary(fieldName, text), fc.nat({ max: 60 })).map(([value, cut]) => JSON.stringify(value).slice(0, cut)),
  fc.string({ maxLength: 60 }),
).map((body) => Buffer.from(body))

const formBody = fc.array(fc.tuple(fieldName, text), { maxLength: 10 })
  .map((pairs) => Buffer.from(pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')))

interface Part { name: string, filename?: string, contentType?: string, extraHeader?: string, content: Buffer }

const part: fc.Arbitrary<Part> = fc.record({
  name: fieldName,
  filename: fc.option(fc.oneof(fc.constantFrom('c.png', 'c.pdf', '../../etc/passwd', ''), fc.string({ maxLength: 20 })), { nil: undefined }),
  contentType: fc.option(fc.constantFrom('image/png', 'application/pdf', 'text/plain', 'x/y; charset=utf-8', ''), { nil: undefined }),
  extraHeader: fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.nat({ max: 40_000 }).map((n) => `X-Big: ${'h'.repeat(n)}`)), { nil: undefined }),
  content: fc.oneof(text.map((value) => Buffer.from(value)), certificateBytes),
}, { requiredKeys: ['name', 'content'] })

function serialise (parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = []
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`
    if (p.filename !== undefined) head += `; filename="${p.filename}"`
    head += '\r\n'
    if (p.contentType !== undefined) head += `Content-Type: ${p.contentType}\r\n`
    if (p.extraHeader !== undefined) head += `${p.extraHeader}\r\n`
    chunks.push(Buffer.from(head + '\r\n', 'utf8'), p.content, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

/** Multipart bodies, well-formed or broken: truncated, wrong or missing boundary, many or duplicate parts. */
const multipart = fc.record({
  parts: fc.oneof({ weight: 5, arbitrary: fc.array(part, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.array(part, { minLength: 40, maxLength: 80 }) }),
  boundary: fc.constantFrom('b0undary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'a"b'),
  header: fc.constantFrom('ok', 'no-boundary', 'other-boundary', 'quoted', 'empty-boundary'),
  truncateAt: fc.option(fc.nat(), { nil: undefined }),
  garbage: fc.option(fc.uint8Array({ maxLength: 50 }), { nil: undefined }),
}).map(({ parts, boundary, header, truncateAt, garbage }) => {
  let payload = serialise(parts, boundary)
  if (truncateAt !== undefined) payload = payload.subarray(0, truncateAt % (payload.length + 1))
  if (garbage !== undefined) payload = Buffer.concat([payload, Buffer.from(garbage)])
  const contentType = {
    ok: `multipart/form-data; boundary=${boundary}`,
    'no-boundary': 'multipart/form-data',
    'other-boundary': 'multipart/form-data; boundary=nope',
    quoted: `multipart/form-data; boundary="${boundary}"`,
    'empty-boundary': 'multipart/form-data; boundary=',
  }[header]
  return { contentType, payload }
})

const contentType = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=utf-8') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/', '*/*', 'multipart/mixed; boundary=x', 'application/json;;;') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
)

const body: fc.Arbitrary<{ contentType: string, payload: Buffer }> = fc.oneof(
  { weight: 4, arbitrary: multipart },
  { weight: 2, arbitrary: jsonBody.map((payload) => ({ contentType: 'application/json', payload })) },
  { weight: 1, arbitrary: formBody.map((payload) => ({ contentType: 'application/x-www-form-urlencoded', payload })) },
  { weight: 1, arbitrary: fc.tuple(contentType, fc.oneof(jsonBody, formBody, fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)))).map(([type, payload]) => ({ contentType: type, payload })) },
)

/** Whole requests to the activation endpoint, mostly authenticated. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({ sid, apiKey, body }).map(({ sid, apiKey, body }) => ({
  sid,
  headers: { 'api-key': apiKey, 'content-type': body.contentType },
  payload: body.payload,
}))

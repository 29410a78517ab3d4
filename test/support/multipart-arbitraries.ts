import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { MultipartLimits } from '../../server/http/multipart/multipart-splitter.js'

/** One generated multipart request: the Content-Type header, the body, and the limits to parse it under. */
export interface MultipartCase {
  contentType: string
  body: Buffer
  limits: MultipartLimits
}

// Read directly rather than through helpers.ts, so these generators also run outside vitest.
const CERTIFICATES = ['certificate-20kb.png', 'certificate.png', 'certificate.jpg', 'certificate.pdf', 'certificate.gif', 'not-an-image.txt']
  .map((file) => readFileSync(new URL(`../../fixtures/certificates/${file}`, import.meta.url)))

// Boundaries browsers and clients send, and ones only a fuzzer would: quotes, separators,
// non-ASCII, empty, dashes only, and around busboy's 256-byte delimiter limit.
const boundary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('b0undary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', '--------------------------847261302583735962391234') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ019-_\'()+,./:=? '), minLength: 1, maxLength: 70 }) },
  { weight: 1, arbitrary: fc.constantFrom('a"b', 'a;b', 'a b', 'é€', '', '-', '--', 'B\\q', 'b'.repeat(251), 'b'.repeat(252), 'b'.repeat(253)) },
)

/** How the Content-Type names the boundary the body uses (or fails to). */
function contentTypeFor (style: string, b: string): string {
  switch (style) {
    case 'quoted': return `multipart/form-data; boundary="${b.replace(/["\\]/g, '\\$&')}"`
    case 'cased': return `Multipart/Form-Data; BOUNDARY=${b}`
    case 'charset-first': return `multipart/form-data; charset=utf-8; boundary=${b}`
    case 'spaced': return `multipart/form-data ;  boundary = ${b} ; x=y`
    case 'none': return 'multipart/form-data'
    case 'other': return 'multipart/form-data; boundary=nope'
    case 'empty': return 'multipart/form-data; boundary='
    case 'extended': return `multipart/form-data; boundary*=utf-8''${encodeURIComponent(b)}`
    case 'twice': return `multipart/form-data; boundary=${b}; boundary=second`
    case 'no-semicolon': return `multipart/form-data boundary=${b}`
    case 'mixed': return `multipart/mixed; boundary=${b}`
    default: return `multipart/form-data; boundary=${b}`
  }
}
const contentTypeStyle = fc.oneof(
  { weight: 12, arbitrary: fc.constant('plain') },
  { weight: 4, arbitrary: fc.constantFrom('quoted', 'cased', 'charset-first', 'spaced', 'extended', 'twice') },
  { weight: 2, arbitrary: fc.constantFrom('none', 'other', 'empty', 'no-semicolon', 'mixed') },
)

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('display_name', 'wa_number', 'business_certificate', 'a', 'b') },
  { weight: 1, arbitrary: fc.constantFrom('', 'é', 'a b', 'a"b', '__proto__', 'undefined', 'a\\"b', 'x;y') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
)
const filename = fc.oneof(
  fc.constantFrom('c.png', 'c.pdf', '../../etc/passwd', 'C:\\Users\\me\\c.png', '', '.', '..', 'a/', 'ünï.png', 'a"b.png', 'a;b.png'),
  fc.string({ maxLength: 16 }),
)

/** Content-Disposition lines: the usual forms, and ones busboy reads its own way. */
const disposition = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(name, fc.option(filename, { nil: undefined })).map(([n, f]) => `Content-Disposition: form-data; name="${n}"${f === undefined ? '' : `; filename="${f}"`}`) },
  { weight: 1, arbitrary: fc.tuple(name, filename).map(([n, f]) => `content-disposition:form-data;filename="${f}";name=${n}`) },
  { weight: 1, arbitrary: fc.tuple(name, filename, fc.constantFrom('UTF-8', 'utf-8', 'iso-8859-1', 'utf-16le', 'base64', 'koi8-r', ''), fc.constantFrom('', '%0', '%0D', '%2F..'))
    .map(([n, f, charset, tail]) => `Content-Disposition: form-data; name="${n}"; filename*=${charset}''${encodeURIComponent(f)}${tail}`) },
  { weight: 1, arbitrary: fc.tuple(name, filename).map(([n, f]) => `Content-Disposition: form-data; name=${n}; filename=${f}; name*=UTF-8''%C3%A9%0D`) },
  { weight: 1, arbitrary: name.map((n) => `Content-Disposition: form-data;\r\n name="${n}"`) },
  { weight: 1, arbitrary: name.map((n) => `Content-Disposition: form-data; name="${n}\\"x"; filename="a\\\\b"`) },
  { weight: 1, arbitrary: fc.constantFrom('Content-Disposition: form-data', 'Content-Disposition: attachment; name="a"', 'Content-Disposition:', 'Content-Disposition: form-data; name', 'Content-Disposition: FORM-DATA; NAME="a"') },
)

const contentTypeLine = fc.constantFrom(
  'Content-Type: image/png', 'Content-Type: application/octet-stream', 'Content-Type: text/plain; charset=latin1',
  'Content-Type: text/plain; charset=utf-16le', 'Content-Type: text/plain; charset=base64', 'Content-Type: text/plain; charset=UTF-8',
  'Content-Type: text/plain; charset=koi8-r', 'Content-Type: ', 'Content-Type:\tx/y ; charset="UTF-16LE"', 'Content-Type: TEXT/PLAIN',
  'content-type: application/octet-stream; x=1', 'Content-Type: Imagé/PNG x', 'Content-Type: ÉTÉ/x; charset=latin1', 'Content-Type: image/png\t',
)

const extraLine = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 300 }).map((n) => `X-Pad: ${'h'.repeat(n)}`) },
  // Past the default part-header limit (16 KiB).
  { weight: 1, arbitrary: fc.integer({ min: 16_000, max: 20_000 }).map((n) => `X-Big: ${'h'.repeat(n)}`) },
  // busboy reads at most 2000 header lines of a part.
  { weight: 1, arbitrary: fc.integer({ min: 1995, max: 2001 }).map((n) => Array.from({ length: n }, () => 'a:').join('\r\n')) },
  { weight: 3, arbitrary: fc.constantFrom('garbage without colon', ':no-name', ' folded continuation', 'X-Bare: a\nb', 'X-Bare: a\rb', 'Content-Transfer-Encoding: base64', 'X-Empty:') },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
)

const headerLines = fc.tuple(
  fc.option(disposition, { nil: undefined, freq: 8 }),
  fc.option(contentTypeLine, { nil: undefined }),
  fc.array(extraLine, { maxLength: 2 }),
  fc.boolean(),
).map(([cd, ct, extra, extraFirst]) => {
  const own = [cd, ct].filter((line): line is string => line !== undefined)
  return extraFirst ? [...extra, ...own] : [...own, ...extra]
})

/** Part content: text, bytes, real certificates, sizes around the limits, and boundary look-alikes. */
function contentFor (b: string): fc.Arbitrary<Buffer> {
  const lookalike = fc.array(fc.constantFrom('\r\n', '--', b, b.slice(0, -1), `\r\n--${b.slice(0, -1)}`, `--${b}`, `\n--${b}`, `\r--${b}`, 'x', '-'), { maxLength: 6 })
    .map((pieces) => Buffer.from(pieces.join('')))
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }).map((s) => Buffer.from(s)) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CERTIFICATES), fc.option(fc.nat(), { nil: undefined })).map(([cert, cut]) => cut === undefined ? cert : cert.subarray(0, cut % (cert.length + 1))) },
    { weight: 1, arbitrary: fc.constantFrom(7, 8, 9, 63, 64, 65, 99, 100, 101).map((n) => Buffer.alloc(n, 0x61)) },
    { weight: 2, arbitrary: lookalike },
  )
}

interface Form { headerLines: string[], content: Buffer }

/** Writes a form with the given line ending and what follows the last part. */
function serialise (forms: Form[], b: string, eol: string, padding: string, closing: string, preamble: Buffer, epilogue: Buffer): Buffer {
  const chunks: Buffer[] = [preamble]
  for (const form of forms) {
    chunks.push(Buffer.from(`--${b}${padding}${eol}${form.headerLines.map((line) => line + eol).join('')}${eol}`), form.content, Buffer.from(eol))
  }
  chunks.push(Buffer.from(closing.replaceAll('B', b)), epilogue)
  return Buffer.concat(chunks)
}

/** Mostly the defaults (server/app.ts), sometimes tight enough that every limit is hit. */
function limit (usual: number, ...tight: number[]): fc.Arbitrary<number> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...tight) })
}
const limits: fc.Arbitrary<MultipartLimits> = fc.record({
  fileBytes: limit(5 * 1024 * 1024, 0, 8, 100),
  parts: limit(50, 1, 3, 8),
  fieldBytes: limit(64 * 1024, 0, 8, 64),
  headerBytes: limit(16 * 1024, 0, 24, 100),
})

/** Bodies a client could build: well-formed forms and every way of writing one oddly. */
const wellFormed: fc.Arbitrary<MultipartCase> = boundary.chain((b) => fc.record({
  style: contentTypeStyle,
  forms: fc.oneof(
    { weight: 8, arbitrary: fc.array(fc.record({ headerLines, content: contentFor(b) }), { maxLength: 6 }) },
    // Around the default parts limit (50); small parts, as only their number matters here.
    { weight: 1, arbitrary: fc.array(fc.record({ headerLines: fc.tuple(disposition).map((lines) => [...lines]), content: fc.string({ maxLength: 8 }).map((v) => Buffer.from(v)) }), { minLength: 45, maxLength: 60 }) },
  ),
  eol: fc.oneof({ weight: 6, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\n') }),
  padding: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom('  ', '\t', '-', '--x', '-X-Pad: 1', '-X:') }),
  closing: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('--B--', '--B--\r\n') },
    { weight: 2, arbitrary: fc.constantFrom('--B-', '--B', '--B\r', '', '--B--\r\n--B\r\n--B', '--B-\r\n--B--', '--B\r\n\r\n--B--') },
  ),
  preamble: fc.oneof({ weight: 5, arbitrary: fc.constant(Buffer.alloc(0)) }, { weight: 1, arbitrary: fc.constantFrom('preamble\r\n', '\r\n', '--', '--x\r\n').map((s) => Buffer.from(s)) }),
  epilogue: fc.oneof({ weight: 5, arbitrary: fc.constant(Buffer.alloc(0)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) }),
  limits,
}).map(({ style, forms, eol, padding, closing, preamble, epilogue, limits }) => ({
  contentType: contentTypeFor(style, b),
  body: serialise(forms, b, eol, padding, closing, preamble, epilogue),
  limits,
})))

/** A body changed after it was written: cut short, a run deleted, bytes inserted. */
const damaged: fc.Arbitrary<MultipartCase> = fc.tuple(wellFormed, fc.constantFrom('truncate', 'delete', 'insert', 'flip'), fc.nat(), fc.nat({ max: 30 }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
  .map(([generated, how, at, length, bytes]) => {
    const { body } = generated
    const i = at % (body.length + 1)
    const changed = {
      truncate: () => body.subarray(0, i),
      delete: () => Buffer.concat([body.subarray(0, i), body.subarray(i + length)]),
      insert: () => Buffer.concat([body.subarray(0, i), Buffer.from(bytes), body.subarray(i)]),
      flip: () => Buffer.concat([body.subarray(0, i), Buffer.from([(body[i] ?? 0) ^ (bytes[0] ?? 1)]), body.subarray(i + 1)]),
    }[how]()
    return { ...generated, body: changed }
  })

/** Random bytes, sometimes behind an opening delimiter. */
const noise: fc.Arbitrary<MultipartCase> = fc.tuple(boundary, fc.boolean(), fc.uint8Array({ maxLength: 400 }), limits)
  .map(([b, opened, bytes, limits]) => ({
    contentType: contentTypeFor('plain', b),
    body: Buffer.concat([Buffer.from(opened ? `--${b}\r\n` : ''), Buffer.from(bytes)]),
    limits,
  }))

export const multipartCase: fc.Arbitrary<MultipartCase> = fc.oneof(
  { weight: 7, arbitrary: wellFormed },
  { weight: 2, arbitrary: damaged },
  { weight: 1, arbitrary: noise },
)

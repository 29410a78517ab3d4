import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../server/app.js'
import { splitMultipart, type MultipartLimits } from '../../../server/http/multipart/multipart-splitter.js'

const LIMITS: MultipartLimits = { fileBytes: DEFAULT_LIMITS.certificateBytes, parts: DEFAULT_LIMITS.parts, fieldBytes: DEFAULT_LIMITS.fieldBytes, headerBytes: DEFAULT_LIMITS.headerBytes }
const MiB = 1024 * 1024
const CONTENT_TYPE = 'multipart/form-data; boundary=B'

function body (text: string): Buffer {
  return Buffer.from(text, 'latin1')
}

/** About 8 MiB (the default body limit) of a repeated unit. */
function fill (unit: string): string {
  return unit.repeat(Math.ceil(8 * MiB / unit.length))
}

describe('splitting a buffered multipart body', () => {
  it('hands file bytes on as a view into the body, not a copy', () => {
    const payload = body('--B\r\nContent-Disposition: form-data; name="f"; filename="dir/c.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--B\r\nContent-Disposition: form-data; name="a"\r\n\r\ntext\r\n--B--\r\n')
    const split = splitMultipart(CONTENT_TYPE, payload, LIMITS)
    if (!split.ok) throw new Error(`expected the body to split, got ${JSON.stringify(split)}`)
    const [file, field] = split.parts
    expect(field).toEqual({ kind: 'field', name: 'a', value: 'text' })
    expect(file).toMatchObject({ kind: 'file', name: 'f', filename: 'c.png', declaredType: 'image/png', size: 4, tooLarge: false })
    if (file?.kind !== 'file' || file.bytes === undefined) throw new Error('expected the file part with its bytes')
    expect(file.bytes.buffer).toBe(payload.buffer)
    expect(file.bytes.toString('latin1')).toBe('\x89PNG')
  })

  it('keeps no bytes of a file over the limit, and cuts a text field at its limit', () => {
    const payload = body(`--B\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n${'x'.repeat(11)}\r\n--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'y'.repeat(11)}\r\n--B--`)
    const split = splitMultipart(CONTENT_TYPE, payload, { ...LIMITS, fileBytes: 10, fieldBytes: 10 })
    expect(split).toEqual({
      ok: true,
      parts: [
        { kind: 'file', name: 'f', filename: 'f', declaredType: '', bytes: undefined, size: 10, tooLarge: true, partial: false, noFile: false },
        { kind: 'field', name: 'a', value: 'y'.repeat(10) },
      ],
    })
  })

  // PHP's rfc1867.c: the first "boundary" (exact, else in any case), the first "=" after it, then a
  // quoted value or the bytes up to ',' or ';', nothing trimmed.
  it.each([
    ['cut at a comma', 'multipart/form-data; boundary=B,x', true],
    ['cut at a semicolon', 'multipart/form-data; boundary=B;x=1', true],
    ['quoted, then a semicolon', 'multipart/form-data; boundary="B";', true],
    ['found inside another parameter name', 'multipart/form-data; xboundary=B', true],
    ['exact spelling before another case', 'multipart/form-data; Boundary=zz; boundary=B', true],
    ['a space after "=" kept in it', 'multipart/form-data; boundary= B', false],
    ['a space and more kept in it', 'multipart/form-data; boundary=B x', false],
    ['quoted with a comma kept in it', 'multipart/form-data; boundary="B,"', false],
  ])('takes the boundary as PHP does: %s', (_case, contentType, found) => {
    const split = splitMultipart(contentType, body('--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--B--'), LIMITS)
    expect(split.parts).toEqual(found ? [{ kind: 'field', name: 'a', value: 'v' }] : [])
  })

  // PHP's rfc1867.c: no RFC 5987 parameters; a part with neither name nor filename ends the reading
  // ("File Upload Mime headers garbled"), which the mock notes.
  it.each([
    ['a filename* leaves a named part text', 'form-data; name="a"; filename*=UTF-8\'\'c.png', [{ kind: 'field', name: 'a', value: 'v' }, { kind: 'field', name: 'z', value: 'w' }]],
    ['a filename beside a filename* is the file name', 'form-data; name="a"; filename*=UTF-8\'\'c.png; filename="d.png"', [
      { kind: 'file', name: 'a', filename: 'd.png', declaredType: '', bytes: Buffer.from('v'), size: 1, tooLarge: false, partial: false, noFile: false },
      { kind: 'field', name: 'z', value: 'w' },
    ]],
    ['a name* alone is no name, which ends the reading', 'form-data; name*=UTF-8\'\'a', []],
    ['no name and no filename ends the reading', 'form-data', []],
    ['a disposition type other than form-data is read all the same', 'attachment; name="a"', [{ kind: 'field', name: 'a', value: 'v' }, { kind: 'field', name: 'z', value: 'w' }]],
    ['an empty Content-Disposition ends the reading', '', []],
    ['a filename* alone ends the reading', 'form-data; filename*=UTF-8\'\'c.png', []],
  ])('reads Content-Disposition as PHP does: %s', (_case, disposition, parts) => {
    const payload = body(`--B\r\nContent-Disposition: form-data; name="first"\r\n\r\n1\r\n--B\r\nContent-Disposition: ${disposition}\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name="z"\r\n\r\nw\r\n--B--`)
    const split = splitMultipart(CONTENT_TYPE, payload, LIMITS)
    expect(split.parts).toEqual([{ kind: 'field', name: 'first', value: '1' }, ...parts])
    expect(split.ok).toBe(parts.length === 2)
  })

  it('keeps nothing of a body whose quoted boundary is never closed, as PHP does', () => {
    expect(splitMultipart('multipart/form-data; boundary="B', body('--B--'), LIMITS)).toEqual({ ok: false, failure: 'malformed', reason: 'Multipart: Invalid boundary', parts: [] })
  })

  it.each([
    ['no boundary', 'multipart/form-data', '--B--', 'Multipart: Boundary not found'],
    ['not form-data', 'multipart/mixed; boundary=B', '--B--', 'Unsupported Content-Type.'],
    ['no delimiter at all', CONTENT_TYPE, 'just text', 'Unexpected end of multipart data'],
  ])('fails a body with %s as malformed, keeping no part', (_case, contentType, text, reason) => {
    expect(splitMultipart(contentType, body(text), LIMITS)).toEqual({ ok: false, failure: 'malformed', reason, parts: [] })
  })

  // What PHP's rfc1867 parser registers before the end of the data.
  it.each([
    ['in a text part\'s content, which keeps what arrived', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nfirst\r\n--B\r\nContent-Disposition: form-data; name="b"\r\n\r\nhal', [
      { kind: 'field', name: 'a', value: 'first' },
      { kind: 'field', name: 'b', value: 'hal' },
    ]],
    ['where a delimiter could begin, which is not content', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nfirst\r\n-', [
      { kind: 'field', name: 'a', value: 'first' },
    ]],
    ['in a file, which is marked partial', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n\x89PN', [
      { kind: 'field', name: 'a', value: 'x' },
      { kind: 'file', name: 'f', filename: 'c.png', declaredType: '', bytes: body('\x89PN'), size: 3, tooLarge: false, partial: true, noFile: false },
    ]],
    ['in a part\'s headers, which drops that part', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-da', [
      { kind: 'field', name: 'a', value: 'x' },
    ]],
    ['right after a delimiter', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B', [
      { kind: 'field', name: 'a', value: 'x' },
    ]],
  ])('keeps the parts before a body that ends %s', (_case, text, parts) => {
    expect(splitMultipart(CONTENT_TYPE, body(text), LIMITS)).toEqual({ ok: false, failure: 'malformed', reason: 'Unexpected end of multipart data', parts })
  })

  it('fails a body with one part more than the limit, even an unclosed one', () => {
    const parts = (n: number) => Array.from({ length: n }, (_, i) => `--B\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\nv\r\n`).join('')
    expect(splitMultipart(CONTENT_TYPE, body(`${parts(3)}--B--`), { ...LIMITS, parts: 3 }).ok).toBe(true)
    expect(splitMultipart(CONTENT_TYPE, body(`${parts(4)}--B--`), { ...LIMITS, parts: 3 })).toMatchObject({ ok: false, failure: 'too-many-parts', parts: { length: 3 } })
    expect(splitMultipart(CONTENT_TYPE, body(parts(4)), { ...LIMITS, parts: 3 })).toMatchObject({ ok: false, failure: 'too-many-parts', parts: { length: 3 } })
  })
})

// Hostile bodies at the default body limit. Each is linear work for the splitter (at most tens of
// milliseconds here); a search that went quadratic on any of them would take minutes. busboy, the
// parser before, spent 5 to 7 s of CPU on the many-tiny-parts and many-header-lines bodies.
describe('hostile bodies are split in bounded time', () => {
  const W = '----WebKitFormBoundary7MA4YWxkTrZu0gW'
  const A = 'a'.repeat(70)
  const L = 'b'.repeat(252)
  const file = 'Content-Disposition: form-data; name="f"; filename="f"\r\n\r\n'
  it.each([
    ['near-delimiters everywhere', W, `--${W}\r\n${file}${fill(`\r\n--${W.slice(0, -1)}x`)}\r\n--${W}--`],
    ['a boundary of one repeated byte, in content made of it', A, `--${A}\r\n${file}${fill('a')}\r\n--${A}--`],
    ['a boundary of one repeated byte, in content of near misses', A, `--${A}\r\n${file}${fill(`\r\n--${'a'.repeat(69)}`)}\r\n--${A}--`],
    ['a million delimiters swallowed after a lone dash', 'B', `--B\r\n${file}x\r\n--B-${fill('\r\n--B')}--`],
    ['many tiny parts', 'B', `${fill('--B\r\n\r\n\r\n')}--B--`],
    ['part headers that never end', 'B', `${fill(`--B\r\nX: ${'h'.repeat(160 * 1024)}\r\n`)}--B--`],
    ['megabytes of header lines', 'B', `--B\r\n${fill('a:\r\n')}\r\n\r\nv\r\n--B--`],
    ['an empty boundary in CRLF-dash soup', '', `--\r\n${file}${fill('\r\n-\r\n')}\r\n----`],
    ['the longest boundary, cut short at the end', L, `--${L}\r\n${file}${fill('x')}\r\n--${L.slice(0, -1)}`],
  ])('%s', (_case, boundary, text) => {
    const payload = body(text)
    const started = performance.now()
    splitMultipart(`multipart/form-data; boundary=${boundary}`, payload, LIMITS)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

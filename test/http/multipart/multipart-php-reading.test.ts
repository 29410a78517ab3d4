import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../server/app.js'
import { splitMultipart, type MultipartLimits, type MultipartPart } from '../../../server/http/multipart/multipart-splitter.js'

// Bodies PHP 8.2's main/rfc1867.c reads its own way (each expectation was checked against PHP
// through $_POST and $_FILES): its lines, its headers, its Content-Disposition parameters, its
// window of FILLUNIT bytes, and what rfc1867_post_handler does with each part.

const LIMITS: MultipartLimits = { fileBytes: DEFAULT_LIMITS.certificateBytes, parts: DEFAULT_LIMITS.parts, fieldBytes: DEFAULT_LIMITS.fieldBytes, headerBytes: DEFAULT_LIMITS.headerBytes }

type Read = [name: string, value: string | { filename: string, content: string, error?: 'too-large' | 'partial' | 'no-file', type?: string }]

function describePart (part: MultipartPart): Read {
  if (part.kind === 'field') return [part.name, part.value]
  const error = part.tooLarge ? 'too-large' : part.partial ? 'partial' : part.noFile ? 'no-file' : undefined
  return [part.name, {
    filename: part.filename,
    content: part.noFile || part.bytes === undefined ? '' : part.bytes.toString('latin1'),
    ...(error === undefined ? {} : { error }),
    ...(part.declaredType === '' ? {} : { type: part.declaredType }),
  }]
}

/** The parts PHP files from a body (latin1 text), in order. */
function read (text: string, contentType = 'multipart/form-data; boundary=B', limits = LIMITS): Read[] {
  return splitMultipart(contentType, Buffer.from(text, 'latin1'), limits).parts.map(describePart)
}

const part = (disposition: string, content: string, eol = '\r\n') => `--B${eol}Content-Disposition: ${disposition}${eol}${eol}${content}${eol}`
const field = (name: string, value: string) => part(`form-data; name="${name}"`, value)
const file = (name: string, filename: string, content: string) => part(`form-data; name="${name}"; filename="${filename}"`, content)

describe('lines as multipart_buffer reads them', () => {
  it('reads a body written with LF line ends', () => {
    expect(read(`${part('form-data; name="a"', 'x', '\n')}${part('form-data; name="f"; filename="c.txt"', 'yz', '\n')}--B--\n`))
      .toEqual([['a', 'x'], ['f', { filename: 'c.txt', content: 'yz' }]])
  })

  it('drops one CR before an LF, so a delimiter line with two is not a delimiter', () => {
    expect(read(`--B\r\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n${field('b', 'y')}--B--`)).toEqual([['b', 'y']])
  })

  it('takes only a line that is exactly the delimiter, so padding after it hides the part', () => {
    expect(read(`--B \r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n${field('b', 'y')}--B--`)).toEqual([['b', 'y']])
  })

  it('ends a line at a NUL byte, so the delimiter may be followed by one and anything after it', () => {
    expect(read(`--B\0junk\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B--`)).toEqual([['a', 'x']])
  })

  it('ends a part\'s data at "\\n--boundary" whatever follows, and skips the lines up to the next delimiter line', () => {
    expect(read(`${field('a', 'x')}--Bjunk\r\nContent-Disposition: form-data; name="lost"\r\n\r\nv\r\n${field('b', 'y')}--B--`)).toEqual([['a', 'x'], ['b', 'y']])
  })

  it('reads a part after the closing delimiter when a delimiter line follows it', () => {
    expect(read(`${field('a', 'x')}--B--\r\n${field('b', 'y')}`)).toEqual([['a', 'x'], ['b', 'y']])
  })

  it('reads a header line longer than its 5 KiB window in window-sized pieces, each one a line', () => {
    expect(read(`--B\r\n${'x'.repeat(5120)}Content-Disposition: form-data; name="a"\r\n\r\nv\r\n--B--`)).toEqual([['a', 'v']])
  })

  it('takes a boundary longer than busboy\'s 256 bytes, up to FILLUNIT - 4', () => {
    const long = 'b'.repeat(300)
    expect(read(`--${long}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${long}--`, `multipart/form-data; boundary=${long}`)).toEqual([['a', 'v']])
    const tooLong = 'b'.repeat(5117)
    expect(read(`--${tooLong}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${tooLong}--`, `multipart/form-data; boundary=${tooLong}`)).toEqual([])
  })
})

describe('part headers as multipart_buffer_headers reads them', () => {
  it('ends the headers at the end of the body, keeping a text part with no data', () => {
    expect(read(`${field('a', 'x')}--B\r\nContent-Disposition: form-data; name="b"\r\n`)).toEqual([['a', 'x'], ['b', '']])
  })

  it('appends a folded line to the header above it, its leading whitespace included', () => {
    expect(read(part('form-data;\r\n\tname="a"', 'x'))).toEqual([['a', 'x']])
  })

  it('appends a line without a colon to the header above it', () => {
    expect(read(part('form-data\r\n; name="a"', 'x'))).toEqual([['a', 'x']])
  })

  it('reads a bare LF inside a header as a line end, and the rest as a continuation', () => {
    expect(read(part('form-data; name="a\nb"', 'x'))).toEqual([['ab', 'x']])
  })

  it('ignores lines without a colon before the first header', () => {
    expect(read(`--B\r\ngarbage\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B--`)).toEqual([['a', 'x']])
  })

  it('does not trim a header name, so "Content-Disposition :" is another header and the part is skipped', () => {
    expect(read(`--B\r\nContent-Disposition : form-data; name="a"\r\n\r\nx\r\n${field('b', 'y')}--B--`)).toEqual([['b', 'y']])
  })

  it('reads the first Content-Disposition of a part and ignores the others', () => {
    expect(read(`--B\r\nContent-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"\r\n\r\nx\r\n--B--`)).toEqual([['a', 'x']])
  })
})

describe('Content-Disposition parameters as php_ap_getword and php_ap_getword_conf read them', () => {
  it.each([
    ['a space before "=" makes another key', 'form-data; name ="a"; filename="f"', [['0', { filename: 'f', content: 'x' }]]],
    ['an unquoted value ends at whitespace', 'form-data; name=a b', [['a', 'x']]],
    ['single quotes quote', "form-data; name='a;b'", [['a;b', 'x']]],
    ['a backslash escapes the quote', 'form-data; name="a\\"b"', [['a"b', 'x']]],
    ['a backslash escapes a backslash', 'form-data; name="a\\\\b"', [['a\\b', 'x']]],
    ['a backslash before another byte stays', 'form-data; name="a\\b"', [['a\\b', 'x']]],
    ['what follows the closing quote is ignored', 'form-data; name="a"b', [['a', 'x']]],
    ['an unclosed quote runs to the end', 'form-data; name="a b', [['a b', 'x']]],
    ['a later name replaces an earlier one', 'form-data; name="a"; name="b"', [['b', 'x']]],
    ['keys are matched in any case', 'form-data; NAME="a"; FileName="f"', [['a', { filename: 'f', content: 'x' }]]],
    ['a ";" inside quotes does not split', 'form-data; name="a;filename=f"', [['a;filename=f', 'x']]],
    ['no ";" after the type leaves no name', 'form-data name="a"', []],
  ])('%s', (_case, disposition, parts) => {
    expect(read(`${part(disposition, 'x')}--B--`)).toEqual(parts)
  })
})

describe('parts as rfc1867_post_handler files them', () => {
  it('files a file part without a name under an anonymous index', () => {
    expect(read(`${part('form-data; filename="a.txt"', 'x')}${part('form-data; filename="b.txt"', 'y')}--B--`))
      .toEqual([['0', { filename: 'a.txt', content: 'x' }], ['1', { filename: 'b.txt', content: 'y' }]])
  })

  it('reads a text part as bytes, whatever charset it declares', () => {
    expect(read(`--B\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=base64\r\n\r\nhello\r\n--B--`)).toEqual([['a', 'hello']])
  })

  it('makes a part declared application/octet-stream without a filename a text part', () => {
    expect(read(`--B\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n--B--`)).toEqual([['a', 'hello']])
  })

  it('keeps the declared type up to its first ";", untrimmed', () => {
    expect(read(`--B\r\nContent-Disposition: form-data; name="f"; filename="c.png"\r\nContent-Type: Image/PNG ; x=1\r\n\r\nv\r\n--B--`))
      .toEqual([['f', { filename: 'c.png', content: 'v', type: 'Image/PNG ' }]])
  })

  it('takes an empty filename as no file, and a filename ending in a slash as a file with an empty name', () => {
    expect(read(`${file('a', '', 'x')}${file('b', 'dir/', 'y')}${file('c', '..', 'z')}--B--`))
      .toEqual([['a', { filename: '', content: '', error: 'no-file' }], ['b', { filename: '', content: 'y' }], ['c', { filename: '..', content: 'z' }]])
  })

  it('reads no file part past max_file_uploads (20), counting only files with a filename', () => {
    const files = Array.from({ length: 21 }, (_, i) => file(`f${i}`, `${i}.txt`, 'x')).join('')
    const parts = read(`${file('empty', '', '')}${files}${field('a', 'x')}${file('late', '', '')}--B--`)
    expect(parts.map(([name]) => name)).toEqual(['empty', ...Array.from({ length: 20 }, (_, i) => `f${i}`), 'a'])
  })

  it('reads no file part after one whose name has unpaired brackets, and still reads text parts', () => {
    expect(read(`${file('a]', 'x.txt', 'x')}${file('b', 'y.txt', 'y')}${field('c', 'z')}--B--`)).toEqual([['c', 'z']])
  })

  it('marks a file whose data no "\\n--boundary" ended as partial, and gives it no type', () => {
    expect(read(`--B\r\nContent-Disposition: form-data; name="f"; filename="c.png"\r\nContent-Type: image/png\r\n\r\nabc\r\n--X--`))
      .toEqual([['f', { filename: 'c.png', content: 'abc\r\n--X--', error: 'partial' }]])
  })

  it('marks a file over the limit as too large, counting its data in FILLUNIT pieces', () => {
    const content = 'x'.repeat(12_000)
    expect(read(`${file('f', 'c.txt', content)}${field('a', 'x')}--B--`, undefined, { ...LIMITS, fileBytes: 11_999 }))
      .toEqual([['f', { filename: 'c.txt', content: '', error: 'too-large' }], ['a', 'x']])
    expect(read(`${file('f', 'c.txt', content)}--B--`, undefined, { ...LIMITS, fileBytes: 12_000 })).toEqual([['f', { filename: 'c.txt', content }]])
  })

  it('reads one more FILLUNIT piece after the one that took a file over the limit, then looks for a delimiter line', () => {
    const limits = { ...LIMITS, fileBytes: 2 * 5119 - 1 }
    const withLateAt = (bytes: number) => read(`${file('f', 'f.txt', `${'a'.repeat(bytes)}--B\r\nContent-Disposition: form-data; name="late"\r\n\r\nv`)}--B--`, undefined, limits)
    expect(withLateAt(3 * 5119)).toEqual([['f', { filename: 'f.txt', content: '', error: 'too-large' }], ['late', 'v']])
    expect(withLateAt(2 * 5119)).toEqual([['f', { filename: 'f.txt', content: '', error: 'too-large' }]])
  })

  it.each([
    ['MAX_FILE_SIZE', '3', ['too-large', undefined]],
    ['max_file_size', ' 4abc', ['too-large', undefined]],
    ['MAX_FILE_SIZE', '-1', ['too-large', 'too-large']],
    ['MAX_FILE_SIZE', 'none', [undefined, undefined]],
  ])('caps the files after a text field %s=%j, read as strtoll reads it', (name, value, errors) => {
    const parts = read(`${field(name, value)}${file('a', 'a.txt', '12345')}${file('b', 'b.txt', '123')}--B--`)
    expect(parts.slice(1).map(([, described]) => typeof described === 'string' ? described : described.error)).toEqual(errors)
  })

  it('counts only parts with a Content-Disposition against the parts limit', () => {
    const body = `--B\r\nX-Other: 1\r\n\r\nskipped\r\n${field('a', 'x')}${field('b', 'y')}--B--`
    expect(splitMultipart('multipart/form-data; boundary=B', Buffer.from(body), { ...LIMITS, parts: 2 })).toMatchObject({ ok: true, parts: { length: 2 } })
    expect(splitMultipart('multipart/form-data; boundary=B', Buffer.from(body), { ...LIMITS, parts: 1 })).toMatchObject({ ok: false, failure: 'too-many-parts', parts: { length: 1 } })
  })
})

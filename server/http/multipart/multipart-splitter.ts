import { createMultipartBuffer, FILLUNIT, type MultipartBuffer } from './multipart-buffer.js'
import { basename, headerText, readDisposition } from './multipart-disposition.js'
import { phpContentType } from './php-content-type.js'
import { readPartHeaders } from './multipart-part-headers.js'
import { PHP_INT_MAX, PHP_INT_MIN } from '../php-int.js'

export interface MultipartLimits {
  /** Bytes one file may have; past it the file is marked too large, as PHP's upload_max_filesize does. */
  fileBytes: number
  /** Parts with a Content-Disposition in one body (PHP's max_multipart_body_parts counts those). */
  parts: number
  /** Bytes one text field may have before it is cut. */
  fieldBytes: number
  /** Bytes of a part's Content-Disposition or Content-Type value (the only headers read); past it the part is skipped. */
  headerBytes: number
}

export type MultipartPart =
  | { kind: 'field', name: string, value: string }
  | {
    kind: 'file'
    /** The part's name, or PHP's anonymous index ("0", "1", …) for a file part without one. */
    name: string
    /** The file name without its directories (php_ap_basename); may be empty. */
    filename: string
    /** The Content-Type up to its first ';', as PHP's $_FILES type has it; empty when absent or when the upload failed. */
    declaredType: string
    /** The file's bytes, a view into the body (not a copy); undefined when the file is too large. For "no file", the bytes the part held, which PHP does not read. */
    bytes: Buffer | undefined
    /** Bytes received; for a file too large, the limit it went past. */
    size: number
    tooLarge: boolean
    /** The file's data did not end at a delimiter: PHP reports UPLOAD_ERR_PARTIAL. */
    partial: boolean
    /** An empty filename: PHP's UPLOAD_ERR_NO_FILE, whose data it never reads. */
    noFile: boolean
  }

export type SplitResult =
  | { ok: true, parts: MultipartPart[] }
  /** `parts`: what PHP's parser still read (see splitMultipart). */
  | { ok: false, failure: 'malformed', reason: string, parts: MultipartPart[] }
  /** `parts`: those before the one past the limit (PHP keeps them, max_multipart_body_parts). */
  | { ok: false, failure: 'too-many-parts', parts: MultipartPart[] }

/** PHP's max_file_uploads default: file parts past it are not read. */
const MAX_FILE_UPLOADS = 20

/** rfc1867_post_handler refuses a boundary longer than FILLUNIT - strlen("\r\n--"). */
const MAX_BOUNDARY_BYTES = FILLUNIT - 4

const malformed = (reason: string, parts: MultipartPart[] = []): SplitResult => ({ ok: false, failure: 'malformed', reason, parts })

/**
 * The boundary parameter as PHP's rfc1867.c takes it, or the reason there is none: the first
 * "boundary" in the Content-Type (matched exactly, else case-insensitively), the first "=" after
 * it, then a quoted value up to its closing quote, or the bytes up to the first ',' or ';'. No
 * whitespace is trimmed: `boundary= B` is the boundary " B". Header bytes (latin1) are read as
 * UTF-8, so the delimiter is made of the bytes the client sent.
 */
const boundary = (raw: string) => ({ boundary: headerText(raw), bytes: Buffer.from(raw, 'latin1') })

export function boundaryOf (contentType: string | undefined): { boundary: string, bytes: Buffer } | { reason: string } {
  if (typeof contentType !== 'string') return { reason: 'Missing Content-Type-header.' }
  if (phpContentType(contentType) !== 'multipart/form-data') return { reason: 'Unsupported Content-Type.' }
  let word = contentType.indexOf('boundary')
  if (word === -1) word = contentType.toLowerCase().indexOf('boundary')
  const equals = word === -1 ? -1 : contentType.indexOf('=', word)
  if (equals === -1) return { reason: 'Multipart: Boundary not found' }
  const value = contentType.slice(equals + 1)
  if (value.startsWith('"')) {
    const close = value.indexOf('"', 1)
    return close === -1 ? { reason: 'Multipart: Invalid boundary' } : boundary(value.slice(1, close))
  }
  const cut = value.search(/[,;]/)
  return boundary(cut === -1 ? value : value.slice(0, cut))
}


/**
 * A bracketed name PHP will not file an upload under ("never repair potential malicious user
 * input"): a ']' not followed by '[' or the end, or brackets that do not pair up.
 */
function unsafeUploadName (name: string): boolean {
  let depth = 0
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '[') {
      depth++
    } else if (name[i] === ']') {
      depth--
      if (i + 1 < name.length && name[i + 1] !== '[') return true
    }
    if (depth < 0) return true
  }
  return depth !== 0
}

/**
 * Splits a buffered multipart/form-data body into the parts PHP files, synchronously, reading it
 * exactly as PHP 8.2's rfc1867_post_handler (main/rfc1867.c) does, with the mock's limits on top:
 *
 * - a part starts after a line that is exactly "--boundary" (LF or CRLF line ends, as a C string,
 *   so a NUL ends it); lines before it, the closing delimiter's line and anything else that is not
 *   that line are skipped, so a part may also follow the closing delimiter;
 * - its headers are read by multipart_buffer_headers (see readPartHeaders); a part without a
 *   Content-Disposition is skipped, and the reading stops at the first part with one past the
 *   parts limit (max_multipart_body_parts);
 * - a text part (a name, no filename) is its data up to the next "\n--boundary", one CR before it
 *   dropped, or to the end of the body;
 * - a file part (a filename) is read the same way, FILLUNIT bytes at a time against the file limit
 *   (upload_max_filesize); it is partial (UPLOAD_ERR_PARTIAL) when no "\n--boundary" ended it. An
 *   empty filename is "no file", whose data is not read. A file part without a name is filed under
 *   an anonymous index. Past max_file_uploads, or once one file part had a name with unpaired
 *   brackets, file parts are not read at all (PHP's skip_upload, which stays set);
 * - a part with neither name nor filename stops the reading ("File Upload Mime headers garbled").
 *
 * A part PHP does not read is not skipped by a delimiter search but line by line, as PHP looks for
 * the next delimiter line. The result is malformed (with the parts read) when the body has no
 * closing delimiter where the reading ended, which PHP does not mind; that only goes in the note.
 */
export function splitMultipart (contentType: string | undefined, body: Buffer, limits: MultipartLimits): SplitResult {
  const found = boundaryOf(contentType)
  if ('reason' in found) return malformed(found.reason)
  if (found.bytes.length > MAX_BOUNDARY_BYTES) return malformed('Boundary too large in multipart/form-data POST data')

  const buffer = createMultipartBuffer(body, found.bytes)
  const parts: MultipartPart[] = []
  let partsLeft = limits.parts
  let uploadsLeft = MAX_FILE_UPLOADS
  let skipUpload = false
  let anonymous = 0
  let maxFileSize = 0
  let closed = false
  while (!buffer.eof()) {
    const headers = readPartHeaders(buffer, body, Math.max(0, limits.headerBytes))
    if (headers === null) {
      closed = buffer.passedClosing()
      break
    }
    if (headers.disposition === undefined || headers.overLimit) continue
    if (--partsLeft < 0) return { ok: false, failure: 'too-many-parts', parts }
    const { name, filename } = readDisposition(headers.disposition)

    if (filename === undefined && name !== undefined) {
      const data = buffer.readBody()
      // The form's MAX_FILE_SIZE (any case) caps the files after it, as UPLOAD_ERR_FORM_SIZE.
      if (MAX_FILE_SIZE.test(name)) maxFileSize = strtoll(body.toString('latin1', data.start, data.end))
      const end = Math.min(data.end, data.start + Math.max(0, limits.fieldBytes))
      parts.push({ kind: 'field', name: headerText(name), value: body.toString('utf8', data.start, end) })
      continue
    }

    if (uploadsLeft <= 0) skipUpload = true
    if (name === undefined && filename === undefined) return malformed('File Upload Mime headers garbled', parts)
    const fileName = name ?? String(anonymous++)
    if (!skipUpload && unsafeUploadName(fileName)) skipUpload = true
    if (skipUpload || filename === undefined) continue

    if (filename === '') {
      const held = buffer.dataAhead()
      parts.push({ kind: 'file', name: headerText(fileName), filename: '', declaredType: '', bytes: held, size: held.length, tooLarge: false, partial: false, noFile: true })
      continue
    }
    uploadsLeft--
    const file = readFile(buffer, limits.fileBytes, maxFileSize)
    const failed = file.tooLarge || file.partial
    parts.push({
      kind: 'file',
      name: headerText(fileName),
      filename: headerText(basename(filename)),
      declaredType: failed || headers.contentType === undefined ? '' : headerText(headers.contentType.split(';', 1)[0] as string),
      bytes: file.tooLarge ? undefined : body.subarray(file.start, file.start + file.size),
      size: file.tooLarge ? file.over : file.size,
      tooLarge: file.tooLarge,
      partial: file.partial,
      noFile: false,
    })
  }
  return closed ? { ok: true, parts } : malformed('Unexpected end of multipart data', parts)
}

/**
 * The loop in rfc1867_post_handler that writes a file: pieces of FILLUNIT - 1 bytes at most until
 * an empty one; the first piece that takes the file past the limit (UPLOAD_ERR_INI_SIZE) or past
 * the form's MAX_FILE_SIZE (UPLOAD_ERR_FORM_SIZE, both "too large" here) ends it, after one more
 * piece is read (the loop reads the next piece before it tests the error), and the rest of the data
 * is left to the delimiter search. Partial when no piece saw a whole "\n--boundary" (its `end` flag).
 */
function readFile (buffer: MultipartBuffer, limit: number, maxFileSize: number): { start: number, size: number, tooLarge: boolean, partial: boolean, over: number } {
  let delimited = false
  let size = 0
  let start = -1
  for (;;) {
    const { piece, delimited: seen } = buffer.read()
    if (start === -1) start = piece.start
    delimited ||= seen
    const length = piece.end - piece.start
    if (length === 0) break
    if (size + length > limit || (maxFileSize !== 0 && size + length > maxFileSize)) {
      buffer.read()
      // The size the journal shows for a file too large: the limit it went past.
      return { start, size, tooLarge: true, partial: false, over: size + length > limit ? limit : Math.max(0, maxFileSize) }
    }
    size += length
  }
  return { start, size, tooLarge: false, partial: !delimited, over: 0 }
}

const MAX_FILE_SIZE = /^max_file_size$/i

/** C's strtoll(text, NULL, 10): leading whitespace, a sign, the digits that follow (0 without any), saturated. */
function strtoll (text: string): number {
  const digits = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(text)?.[1]
  if (digits === undefined) return 0
  const value = BigInt(digits)
  return Number(value > PHP_INT_MAX ? PHP_INT_MAX : value < PHP_INT_MIN ? PHP_INT_MIN : value)
}

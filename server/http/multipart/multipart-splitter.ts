import { decodeBytes, decodeUtf8Text, parseParams } from './multipart-params.js'
import { readPartHeaders } from './multipart-part-headers.js'

export interface MultipartLimits {
  /** Bytes one file may have; past it the file is marked too large, as PHP's upload_max_filesize does. */
  fileBytes: number
  /** Parts of any kind in one body. */
  parts: number
  /** Bytes one text field may have before it is cut. */
  fieldBytes: number
  /** Bytes of one part's headers. */
  headerBytes: number
}

export type MultipartPart =
  | { kind: 'field', name: string | undefined, value: string }
  | {
    kind: 'file'
    name: string | undefined
    filename: string | undefined
    declaredType: string
    /** The file's bytes, a view into the body (not a copy); undefined when the file is too large. */
    bytes: Buffer | undefined
    /** Bytes received, counted up to the file limit. */
    size: number
    tooLarge: boolean
    /** The body ended inside this file: PHP reports UPLOAD_ERR_PARTIAL. */
    partial: boolean
  }

export type SplitResult =
  | { ok: true, parts: MultipartPart[] }
  /** `parts`: what PHP's parser would still have read (see splitMultipart). */
  | { ok: false, failure: 'malformed', reason: string, parts: MultipartPart[] }
  /** `parts`: those before the one past the limit (PHP keeps them, max_multipart_body_parts). */
  | { ok: false, failure: 'too-many-parts', parts: MultipartPart[] }

const DASH = 0x2d
const CRLFCRLF = Buffer.from('\r\n\r\n')
/** busboy's boundary search takes delimiters of at most 256 bytes. */
const MAX_DELIMITER_BYTES = 256

const malformed = (reason: string, parts: MultipartPart[] = []): SplitResult => ({ ok: false, failure: 'malformed', reason, parts })

/**
 * The boundary parameter as PHP's rfc1867.c takes it, or the reason there is none: the first
 * "boundary" in the Content-Type (matched exactly, else case-insensitively), the first "=" after
 * it, then a quoted value up to its closing quote, or the bytes up to the first ',' or ';'. No
 * whitespace is trimmed: `boundary= B` is the boundary " B". Header bytes (latin1) are read as
 * UTF-8, so the delimiter is made of the bytes the client sent.
 */
export function boundaryOf (contentType: string | undefined): { boundary: string } | { reason: string } {
  if (typeof contentType !== 'string') return { reason: 'Missing Content-Type-header.' }
  const params = parseParams(contentType)
  if (typeof params[0] !== 'string' || !/^multipart\/form-data/i.test(params[0])) return { reason: 'Unsupported Content-Type.' }
  let word = contentType.indexOf('boundary')
  if (word === -1) word = contentType.toLowerCase().indexOf('boundary')
  const equals = word === -1 ? -1 : contentType.indexOf('=', word)
  if (equals === -1) return { reason: 'Multipart: Boundary not found' }
  const value = contentType.slice(equals + 1)
  if (value.startsWith('"')) {
    const close = value.indexOf('"', 1)
    return close === -1 ? { reason: 'Multipart: Invalid boundary' } : { boundary: decodeUtf8Text(value.slice(1, close)) }
  }
  const cut = value.search(/[,;]/)
  return { boundary: decodeUtf8Text(cut === -1 ? value : value.slice(0, cut)) }
}

/**
 * Where the bytes after the last delimiter stop counting as data: busboy's stream search holds
 * back a last run of bytes that could begin a delimiter, and never hands it on.
 */
function heldBackFrom (body: Buffer, delimiter: Buffer): number {
  for (let at = Math.max(0, body.length - delimiter.length + 1); at < body.length; at++) {
    if (body[at] === delimiter[0] && body.compare(delimiter, 1, body.length - at, at + 1) === 0) return at
  }
  return body.length
}

/**
 * Splits a buffered multipart/form-data body into its parts, synchronously and in one pass,
 * with the limits applied. It reads bodies exactly as @fastify/busboy 3 does (the mock's parser
 * before this one, kept as the oracle of test/http/multipart/multipart-differential.test.ts): the delimiter is
 * CRLF "--" boundary anywhere in the body (a body may also start with it), the rest of its line
 * is read as the part's first header line, a part's headers end at the first blank line before
 * the next delimiter, "--" right after a delimiter closes the body and what follows is ignored.
 * A body that is not closed is malformed. Part N + 1 fails the whole body (too-many-parts),
 * counted as busboy counts parts, even one with no headers. Where PHP's rfc1867.c reads
 * otherwise, it follows PHP (docs/decisions/multipart-splitter.md): the boundary is taken as PHP
 * takes it, `name*` and `filename*` are ignored, and a part with neither a name nor a filename
 * ends the reading, keeping the parts before it, as PHP's "Mime headers garbled" does.
 *
 * A malformed body still carries what PHP's parser (main/rfc1867.c) keeps of it: every part
 * before the cut, and the part the body ends in when its headers are whole (a text part with
 * the bytes that arrived, a file marked partial, PHP's UPLOAD_ERR_PARTIAL). No boundary, or no
 * delimiter in the body, keeps nothing.
 */
export function splitMultipart (contentType: string | undefined, body: Buffer, limits: MultipartLimits): SplitResult {
  const found = boundaryOf(contentType)
  if ('reason' in found) return malformed(found.reason)
  const delimiter = Buffer.from(`\r\n--${found.boundary}`)
  if (delimiter.length > MAX_DELIMITER_BYTES) return malformed(`The needle cannot have a length bigger than ${MAX_DELIMITER_BYTES}.`)

  // busboy searches CRLF + body, so the body may open with the delimiter without its CRLF.
  let cursor: number
  if (body.length >= delimiter.length - 2 && body.compare(delimiter, 2, delimiter.length, 0, delimiter.length - 2) === 0) {
    cursor = delimiter.length - 2
  } else {
    const first = body.indexOf(delimiter)
    if (first === -1) return malformed('Unexpected end of multipart data')
    cursor = first + delimiter.length
  }

  const parts: MultipartPart[] = []
  let partCount = 0
  // Dashes seen right after a delimiter; one lone dash carries over, a quirk of busboy's.
  let dashes = 0
  let ended = false
  while (!ended) {
    let segmentEnd = body.indexOf(delimiter, cursor)
    const isLast = segmentEnd === -1
    if (isLast) {
      if (cursor === body.length) break
      const heldBack = heldBackFrom(body, delimiter)
      if (heldBack === 0) break
      segmentEnd = Math.max(cursor, heldBack)
    }

    let start = cursor
    let loneDash = false
    while (dashes < 2 && start < segmentEnd) {
      if (body[start] !== DASH) {
        loneDash = dashes === 1
        dashes = 0
        break
      }
      start++
      dashes++
    }
    if (dashes === 2) return { ok: true, parts }
    if (dashes === 0) {
      if (++partCount > limits.parts) return { ok: false, failure: 'too-many-parts', parts }
      // busboy reads a lone dash twice: once as a dash, once more in front of the headers.
      const part = readPart(body, cursor, segmentEnd, loneDash, limits, isLast)
      // PHP's "File Upload Mime headers garbled": it reads nothing from this part on.
      if (part === GARBLED) return { ok: true, parts }
      if (part !== undefined) parts.push(part)
    }
    // A segment of just one dash swallows its delimiter: the next segment still counts as "after a delimiter".
    if (isLast) ended = true
    else cursor = segmentEnd + delimiter.length
  }
  return malformed('Unexpected end of multipart data', parts)
}

/** A part whose Content-Disposition has neither a name nor a filename. */
const GARBLED = Symbol('garbled')

/** One part between two delimiters: its headers (cut at the limit), then its content. */
function readPart (body: Buffer, start: number, end: number, loneDash: boolean, limits: MultipartLimits, cut: boolean): MultipartPart | undefined | typeof GARBLED {
  const segment = body.subarray(start, end)
  const headerEnd = segment.indexOf(CRLFCRLF)
  // Headers not ended before the next delimiter: busboy never reads the part.
  if (headerEnd === -1) return undefined
  // Cut at the header limit, the lone dash included; what is past the limit is never read.
  const headerBytes = Math.max(0, limits.headerBytes)
  const block = ((loneDash ? '-' : '') + segment.toString('latin1', 0, Math.min(headerEnd, headerBytes))).slice(0, headerBytes)
  const headers = readPartHeaders(block)
  if (headers === undefined) return undefined
  // Headers cut at the limit are the mock's own reading (PHP has no such limit): the part is skipped.
  if (headers.name === undefined && headers.filename === undefined) return headerEnd > headerBytes ? undefined : GARBLED
  const contentStart = start + headerEnd + CRLFCRLF.length
  if (!headers.isFile) {
    const value = decodeBytes(body, contentStart, Math.min(end, contentStart + Math.max(0, limits.fieldBytes)), headers.charset)
    return { kind: 'field', name: headers.name, value }
  }
  const size = end - contentStart
  const tooLarge = size > limits.fileBytes
  return {
    kind: 'file',
    name: headers.name,
    filename: headers.filename,
    declaredType: headers.contentType,
    bytes: tooLarge ? undefined : body.subarray(contentStart, end),
    size: tooLarge ? limits.fileBytes : size,
    tooLarge,
    partial: cut,
  }
}

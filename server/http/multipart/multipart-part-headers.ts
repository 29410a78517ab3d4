import { isCSpace, type MultipartBuffer } from './multipart-buffer.js'

/** The two headers of a part that PHP reads, as raw header bytes (one char per byte). */
export interface PartHeaders {
  /** The first Content-Disposition's value; undefined without one. */
  disposition: string | undefined
  /** The first Content-Type's value; undefined without one. */
  contentType: string | undefined
  /** One of the two values went past the mock's own header limit, and was not kept whole. */
  overLimit: boolean
}

const CONTENT_DISPOSITION = /^content-disposition$/i
const CONTENT_TYPE = /^content-type$/i

/**
 * multipart_buffer_headers (main/rfc1867.c): finds the next line that is the delimiter, then reads
 * header lines up to an empty one (or one starting with NUL, or the end of the body). A line that
 * starts with whitespace, or has no ':', continues the header above it (appended as it is, its
 * leading whitespace included); one before any header is ignored. The name is everything before
 * the first ':', untrimmed; the value starts after the whitespace following it. Every line is
 * read as a C string, so a NUL ends it. Of all the headers PHP looks up only the first
 * Content-Disposition and the first Content-Type (php_mime_get_hdr_value), so only those two
 * values are kept, each up to `limitBytes`. Null when no delimiter line is left in the body.
 */
export function readPartHeaders (buffer: MultipartBuffer, body: Buffer, limitBytes: number): PartHeaders | null {
  if (!buffer.findBoundary()) return null
  const headers: PartHeaders = { disposition: undefined, contentType: undefined, overLimit: false }
  // The header being read, when it is one of the two kept; null for any other (or before the first).
  let current: 'disposition' | 'contentType' | null = null
  for (let line = buffer.getLine(); line !== null; line = buffer.getLine()) {
    const end = buffer.cEnd(line)
    if (end === line.start) break
    const text = body.toString('latin1', line.start, end)
    const colon = isCSpace(text.charCodeAt(0)) ? -1 : text.indexOf(':')
    let value = text
    if (colon !== -1) {
      const key = text.slice(0, colon)
      if (headers.disposition === undefined && CONTENT_DISPOSITION.test(key)) current = 'disposition'
      else if (headers.contentType === undefined && CONTENT_TYPE.test(key)) current = 'contentType'
      else current = null
      if (current === null) continue
      let valueStart = colon + 1
      while (isCSpace(text.charCodeAt(valueStart))) valueStart++
      value = text.slice(valueStart)
      headers[current] = ''
    }
    if (current === null) continue
    const whole = (headers[current] as string) + value
    if (whole.length > limitBytes) {
      headers.overLimit = true
      headers[current] = whole.slice(0, limitBytes)
      current = null
    } else {
      headers[current] = whole
    }
  }
  return headers
}

/**
 * PHP's multipart_buffer (main/rfc1867.c, PHP 8.2, itself from libapreq's apache_multipart_buffer.c)
 * over a body that is already in memory. PHP reads the body through a window of FILLUNIT (5 KiB)
 * bytes, and where that window ends changes what it reads: a header line longer than the window
 * is handed on in window-sized pieces, and a delimiter is looked for only inside the window. So
 * the window is kept here as PHP keeps it (`pos` is buf_begin, `inBuffer` bytes_in_buffer), only
 * nothing is copied: lines and data are ranges of the body.
 *
 * Every search goes forward from a cached position (the next LF, NUL and delimiter), so a body is
 * read in time linear in its size whatever its shape.
 */

/** rfc1867.c's FILLUNIT: the window, and the size of each read of part data. */
export const FILLUNIT = 5 * 1024

const LF = 0x0a
const CR = 0x0d
const DASH = 0x2d

/** A range of the body: a line without its line end, or a piece of part data. */
interface Range { start: number, end: number }

/** C's isspace() in the C locale, as rfc1867.c calls it on header bytes. */
export function isCSpace (code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d)
}

export interface MultipartBuffer {
  /** multipart_buffer_eof: nothing left in the window and nothing more to read. */
  eof (): boolean
  /** get_line: the next line without its LF and one CR before it, a window-sized piece, or null at the end. */
  getLine (): Range | null
  /** The bytes of a line up to its first NUL, which is where C's string functions see it end. */
  cEnd (line: Range): number
  /** find_boundary: reads lines until one is "--boundary" (as a C string); false at the end of the body. */
  findBoundary (): boolean
  /** Whether the last findBoundary that found nothing passed a closing delimiter ("--boundary--"), for the mock's note. */
  passedClosing (): boolean
  /** The bytes a part's data would hold from here, without reading it (for the journal's note on a part PHP does not read). */
  dataAhead (): Buffer
  /**
   * multipart_buffer_read with a FILLUNIT buffer: the next piece of part data, empty when the part
   * ends; `delimited` says whether a whole "\n--boundary" was in the window (its `end` flag).
   */
  read (): { piece: Range, delimited: boolean }
  /** multipart_buffer_read_body: all of a text part's data, which is one range of the body. */
  readBody (): Range
}

/** What boundary_next starts with. */
const LF_DASHES = Buffer.from('\n--')

class WindowedBuffer implements MultipartBuffer {
  private readonly size: number
  // multipart_buffer_new: the window holds at least the delimiter and its line end.
  private readonly bufsize: number
  /** boundary_next, "\n--boundary": what ends a part's data, wherever it is (nothing needs to follow it). */
  private readonly next: Buffer
  /** "--boundary", the delimiter line. */
  private readonly delimiter: Buffer
  private pos = 0
  private inBuffer = 0
  // Forward-only caches: the first LF, NUL and boundary_next at or after the position they were looked up from.
  private nextLf = -1
  private nextNul = -1
  private nextDelimiter = -1
  private closingPassed = false

  constructor (private readonly body: Buffer, boundary: Buffer) {
    this.size = body.length
    this.bufsize = Math.max(FILLUNIT, boundary.length + 6)
    const next = Buffer.allocUnsafe(boundary.length + 3)
    LF_DASHES.copy(next)
    boundary.copy(next, 3)
    this.next = next
    this.delimiter = next.subarray(1)
  }

  private lfFrom (from: number): number {
    if (this.nextLf < from) {
      const at = this.body.indexOf(LF, from)
      this.nextLf = at === -1 ? this.size : at
    }
    return this.nextLf
  }

  private nulFrom (from: number): number {
    if (this.nextNul < from) {
      const at = this.body.indexOf(0, from)
      this.nextNul = at === -1 ? this.size : at
    }
    return this.nextNul
  }

  private delimiterFrom (from: number): number {
    if (this.nextDelimiter < from) {
      const at = this.body.indexOf(this.next, from)
      this.nextDelimiter = at === -1 ? this.size : at
    }
    return this.nextDelimiter
  }

  /** fill_buffer: the window is topped up to bufsize from the body; returns the bytes added. */
  private fill (): number {
    const before = this.inBuffer
    this.inBuffer = Math.min(this.bufsize, this.size - this.pos)
    return this.inBuffer - before
  }

  eof (): boolean {
    return this.inBuffer === 0 && this.fill() < 1
  }

  /** next_line: a line ended by an LF inside the window, the whole window when it is full, else null. */
  private nextLine (): Range | null {
    const lf = this.lfFrom(this.pos)
    if (lf < this.pos + this.inBuffer) {
      const start = this.pos
      const end = lf > start && this.body[lf - 1] === CR ? lf - 1 : lf
      this.inBuffer -= lf + 1 - this.pos
      this.pos = lf + 1
      return { start, end }
    }
    if (this.inBuffer < this.bufsize) return null
    const line = { start: this.pos, end: this.pos + this.bufsize }
    this.pos += this.bufsize
    this.inBuffer = 0
    return line
  }

  getLine (): Range | null {
    const line = this.nextLine()
    if (line !== null) return line
    this.fill()
    return this.nextLine()
  }

  cEnd (line: Range): number {
    return Math.min(line.end, this.nulFrom(line.start))
  }

  /** Whether the line is "--boundary" as a C string (find_boundary's strcmp), or, `closing`, starts with "--boundary--". */
  private isDelimiter (line: Range, closing: boolean): boolean {
    const length = this.delimiter.length
    const end = closing ? line.end : this.cEnd(line)
    if (closing ? end - line.start < length + 2 : end - line.start !== length) return false
    if (this.body.compare(this.delimiter, 0, length, line.start, line.start + length) !== 0) return false
    return !closing || (this.body[line.start + length] === DASH && this.body[line.start + length + 1] === DASH)
  }

  findBoundary (): boolean {
    this.closingPassed = false
    for (let line = this.getLine(); line !== null; line = this.getLine()) {
      if (this.isDelimiter(line, false)) return true
      this.closingPassed ||= this.isDelimiter(line, true)
    }
    this.closingPassed ||= this.isDelimiter({ start: this.pos, end: this.size }, true)
    return false
  }

  passedClosing (): boolean {
    return this.closingPassed
  }

  dataAhead (): Buffer {
    const at = this.delimiterFrom(this.pos)
    return this.body.subarray(this.pos, at > this.pos && this.body[at - 1] === CR ? at - 1 : at)
  }

  /**
   * php_ap_memstr(…, partial = 1) over the window: the first whole boundary_next inside it, or
   * the first start of one cut off by the window's end, else -1.
   */
  private boundIn (windowEnd: number): number {
    const whole = this.delimiterFrom(this.pos)
    if (whole + this.next.length <= windowEnd) return whole
    for (let at = Math.max(this.pos, windowEnd - this.next.length + 1); at < windowEnd; at++) {
      if (this.body[at] === LF && this.body.compare(this.next, 0, windowEnd - at, at, windowEnd) === 0) return at
    }
    return -1
  }

  read (): { piece: Range, delimited: boolean } {
    // "fill buffer if needed": the caller's buffer is FILLUNIT bytes.
    if (FILLUNIT > this.inBuffer) this.fill()
    const windowEnd = this.pos + this.inBuffer
    const bound = this.boundIn(windowEnd)
    const max = bound === -1 ? this.inBuffer : bound - this.pos
    // At most FILLUNIT - 1 bytes, the last byte of the C buffer being its NUL.
    let length = Math.min(max, FILLUNIT - 1)
    const start = this.pos
    if (length > 0) {
      // A CR right before a (possible) delimiter is not handed on; it stays in the window.
      if (bound !== -1 && this.body[start + length - 1] === CR) length--
      this.inBuffer -= length
      this.pos += length
    }
    return { piece: { start, end: start + length }, delimited: bound !== -1 && bound + this.next.length <= windowEnd }
  }

  readBody (): Range {
    // The pieces follow one another: a CR held back before a possible delimiter is read with the next one.
    const start = this.pos
    for (let piece = this.read().piece; piece.end > piece.start; piece = this.read().piece) { /* until an empty read */ }
    return { start, end: this.pos }
  }
}

export function createMultipartBuffer (body: Buffer, boundary: Buffer): MultipartBuffer {
  return new WindowedBuffer(body, boundary)
}

import { basename, paramValue, parseParams } from './multipart-params.js'

/** What one part's headers say it is, or undefined when busboy would skip the part. */
export interface PartHeaders {
  /** undefined when Content-Disposition has no name (busboy hands it on unnamed). */
  name: string | undefined
  /** undefined when there is no filename parameter; already reduced to its basename. */
  filename: string | undefined
  /** Lower-cased media type, text/plain when none is given. */
  contentType: string
  /** Lower-cased charset of a text part, utf8 when none is given. */
  charset: string
  isFile: boolean
}

/** busboy reads no more header lines than this in one part (its default headerPairs). */
const MAX_HEADER_PAIRS = 2000

const RE_FORM_DATA = /^form-data$/i
const RE_NAME = /^name$/i
const RE_FILENAME = /^filename$/i
const RE_CHARSET = /^charset$/i

interface RawHeaders {
  contentDisposition: string[]
  contentType: string[]
}

/**
 * The Content-Disposition and Content-Type values of a header block (a latin1 string, already
 * cut at the header limit), as Dicer's HeaderParser reads them: lines split at CRLF, names
 * lower-cased, one space or tab after the colon dropped, folded lines appended to the value
 * above; reading stops at the first line that is not a header or holds a bare CR or LF.
 */
function readHeaderLines (block: string): RawHeaders {
  const raw: RawHeaders = { contentDisposition: [], contentType: [] }
  let values: string[] | undefined
  let named = false
  let pairs = 0
  let lineStart = 0
  while (lineStart < block.length) {
    let lineEnd = block.indexOf('\r\n', lineStart)
    if (lineEnd === -1) lineEnd = block.length
    if (lineEnd === lineStart) {
      lineStart += 2
      continue
    }
    const line = block.slice(lineStart, lineEnd)
    if (line.includes('\r') || line.includes('\n')) break
    if ((line[0] === '\t' || line[0] === ' ') && named) {
      if (values !== undefined) values[values.length - 1] += line
      lineStart = lineEnd + 2
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) break
    const name = line.slice(0, colon).toLowerCase()
    named = true
    values = name === 'content-disposition' ? raw.contentDisposition : name === 'content-type' ? raw.contentType : undefined
    const valueStart = line[colon + 1] === ' ' || line[colon + 1] === '\t' ? colon + 2 : colon + 1
    values?.push(line.slice(valueStart))
    if (++pairs === MAX_HEADER_PAIRS) break
    lineStart = lineEnd + 2
  }
  return raw
}

function hasBareLineBreak (value: string | undefined): boolean {
  return value !== undefined && (value.includes('\r') || value.includes('\n'))
}

/**
 * What busboy makes of a part's header block: skipped (undefined) without a form-data
 * Content-Disposition or with a line break in its name or file name; otherwise a file when
 * it has a filename parameter or is declared application/octet-stream, else a text field.
 */
export function readPartHeaders (block: string): PartHeaders | undefined {
  const raw = readHeaderLines(block)
  let contentType: string | undefined
  let charset: string | undefined
  const declared = raw.contentType[0]
  if (declared !== undefined) {
    if (declared.length !== 0 && !declared.includes(';') && !declared.includes(' ') && !declared.includes('\t')) {
      contentType = declared.toLowerCase()
    } else {
      const params = parseParams(declared)
      const type = params[0]
      if (typeof type === 'string' && type !== '') {
        contentType = type.toLowerCase()
        charset = paramValue(params, RE_CHARSET)?.toLowerCase()
      }
    }
  }

  const disposition = raw.contentDisposition[0]
  if (disposition === undefined) return undefined
  // PHP's rfc1867.c knows no RFC 5987 `name*` or `filename*`: they are parameters of other names.
  const params = parseParams(disposition, true)
  if (typeof params[0] !== 'string' || !RE_FORM_DATA.test(params[0])) return undefined
  let name: string | undefined
  let filename: string | undefined
  for (const param of params) {
    if (typeof param === 'string') continue
    if (RE_NAME.test(param[0])) {
      name = param[1]
      if (hasBareLineBreak(name)) return undefined
    } else if (RE_FILENAME.test(param[0])) {
      filename = param[1]
      if (hasBareLineBreak(filename)) return undefined
      filename = basename(filename)
    }
  }
  contentType ??= 'text/plain'
  return { name, filename, contentType, charset: charset ?? 'utf8', isFile: contentType === 'application/octet-stream' || filename !== undefined }
}

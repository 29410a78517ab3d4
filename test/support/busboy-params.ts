/**
 * Header parameters as @fastify/busboy 3 reads them (its lib/utils/parseParams.js and
 * decodeText.js, MIT, Brian White and the Fastify team), ported so that
 * test/http/multipart/multipart-differential.test.ts can tell which bodies busboy reads
 * otherwise than PHP (the mock's splitter reads them as PHP does).
 */

/** A bare value (the first is the media type or disposition), or a [key, value] pair. */
export type Param = string | [key: string, value: string]

const RE_ENCODED = /%[a-fA-F0-9][a-fA-F0-9]/g

function decodePercent (match: string): string {
  return String.fromCharCode(parseInt(match.slice(1), 16))
}

function isAscii (text: string): boolean {
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

type Decoding = 'utf8' | 'latin1' | 'utf16le' | 'base64'

/** busboy's names for its decoders; any other charset is read as UTF-8. */
function decodingOf (charset: string): Decoding {
  switch (charset.toLowerCase()) {
    case 'latin1': case 'ascii': case 'us-ascii': case 'iso-8859-1': case 'iso8859-1': case 'iso88591':
    case 'iso_8859-1': case 'windows-1252': case 'iso_8859-1:1987': case 'cp1252': case 'x-cp1252':
      return 'latin1'
    case 'utf16le': case 'utf-16le': case 'ucs2': case 'ucs-2':
      return 'utf16le'
    // busboy "decodes" a base64 charset by encoding the bytes as base64.
    case 'base64':
      return 'base64'
    default:
      return 'utf8'
  }
}

/** A latin1 string (one char per byte, as header values are read) as text in a charset. */
function decodeBinary (binary: string, charset: string): string {
  if (binary === '') return ''
  const decoding = decodingOf(charset)
  if (decoding === 'latin1' || (decoding === 'utf8' && isAscii(binary))) return binary
  return Buffer.from(binary, 'latin1').toString(decoding)
}

/** A latin1 string of header bytes read as UTF-8 (left as it is when ASCII). */
function decodeUtf8Text (binary: string): string {
  return isAscii(binary) ? binary : Buffer.from(binary, 'latin1').toString('utf8')
}

/** busboy's fast path for the usual `form-data; name="…"[; filename="…"]`, without escapes. */
function parseFormDataDisposition (str: string): Param[] | undefined {
  if (!str.startsWith('form-data; name="')) return undefined
  let valueStart = 17
  let valueEnd = str.indexOf('"', valueStart)
  if (valueEnd === -1 || str.indexOf('\\', valueStart) !== -1) return undefined
  const res: Param[] = ['form-data', ['name', decodeUtf8Text(str.slice(valueStart, valueEnd))]]
  let pos = valueEnd + 1
  while (pos < str.length && str[pos] !== ';') ++pos
  if (pos === str.length) return res
  ++pos
  while (str[pos] === ' ' || str[pos] === '\t') ++pos
  if (!str.startsWith('filename="', pos)) return undefined
  valueStart = pos + 10
  valueEnd = str.indexOf('"', valueStart)
  if (valueEnd === -1 || str.indexOf('\\', valueStart) !== -1) return undefined
  res.push(['filename', decodeUtf8Text(str.slice(valueStart, valueEnd))])
  return res
}

const STATE_KEY = 0
const STATE_VALUE = 1
const STATE_CHARSET = 2
const STATE_LANG = 3

/**
 * A header value split into its first value and parameters, as busboy does: quotes and
 * backslash escapes, RFC 5987 `key*=charset'lang'%XX` values (stored under `key`), no
 * whitespace outside quotes, UTF-8 bytes decoded. One pass over the string. With extendedKeys,
 * an RFC 5987 parameter keeps its '*' (`filename*`), so that it can be ignored as PHP ignores it.
 */
export function parseParams (str: string, extendedKeys = false): Param[] {
  if (str.indexOf(';') === -1) return [decodeUtf8Text(str)]
  const fast = parseFormDataDisposition(str)
  if (fast !== undefined) return fast

  const res: Param[] = []
  let state = STATE_KEY
  let charset = ''
  let inquote = false
  let escaping = false
  let p = 0
  let tmp = ''
  const len = str.length

  for (let i = 0; i < len; ++i) {
    const char = str[i]
    if (char === '\\' && inquote) {
      if (escaping) {
        escaping = false
      } else {
        escaping = true
        continue
      }
    } else if (char === '"') {
      if (!escaping) {
        if (inquote) {
          inquote = false
          state = STATE_KEY
          // What follows a closing quote, up to the next ';', is dropped.
          while (i + 1 < len && str[i + 1] !== ';') ++i
        } else {
          inquote = true
        }
        continue
      }
      escaping = false
    } else {
      if (escaping && inquote) tmp += '\\'
      escaping = false
      if ((state === STATE_CHARSET || state === STATE_LANG) && char === "'") {
        if (state === STATE_CHARSET) {
          state = STATE_LANG
          charset = tmp.substring(1)
        } else {
          state = STATE_VALUE
        }
        tmp = ''
        continue
      } else if (state === STATE_KEY && (char === '*' || char === '=') && res.length > 0) {
        state = char === '*' ? STATE_CHARSET : STATE_VALUE
        res[p] = [extendedKeys && char === '*' ? `${tmp}*` : tmp, '']
        tmp = ''
        continue
      } else if (!inquote && char === ';') {
        state = STATE_KEY
        if (charset !== '') {
          if (tmp.length > 0) tmp = decodeBinary(tmp.replace(RE_ENCODED, decodePercent), charset)
          charset = ''
        } else if (tmp.length > 0) {
          tmp = decodeUtf8Text(tmp)
        }
        const current = res[p]
        if (current === undefined) res[p] = tmp
        else if (typeof current !== 'string') current[1] = tmp
        tmp = ''
        ++p
        continue
      } else if (!inquote && (char === ' ' || char === '\t')) {
        continue
      }
    }
    tmp += char
  }
  if (charset !== '' && tmp.length > 0) tmp = decodeBinary(tmp.replace(RE_ENCODED, decodePercent), charset)
  else if (tmp !== '') tmp = decodeUtf8Text(tmp)

  const current = res[p]
  if (current === undefined) {
    if (tmp !== '') res[p] = tmp
  } else if (typeof current !== 'string') {
    current[1] = tmp
  }
  return res
}

/** The value of the first parameter whose key matches, case-insensitively. */
export function paramValue (params: Param[], key: RegExp): string | undefined {
  for (const param of params) if (typeof param !== 'string' && key.test(param[0])) return param[1]
  return undefined
}

import { isCSpace } from './multipart-buffer.js'

/** What PHP takes from a Content-Disposition value: raw bytes (one char per byte), undefined when absent. */
export interface Disposition {
  name: string | undefined
  filename: string | undefined
}

/**
 * php_ap_getword (main/rfc1867.c): the text from `at` up to the first `stop` outside quotes ('"'
 * or "'", in which a backslash before the quote escapes it), and where the next word starts (after
 * every `stop` in a row). Without a `stop` the word runs to the end.
 */
function getword (line: string, at: number, stop: string): [word: string, next: number] {
  let pos = at
  while (pos < line.length && line[pos] !== stop) {
    const quote = line[pos]
    if (quote === '"' || quote === "'") {
      ++pos
      while (pos < line.length && line[pos] !== quote) pos += line[pos] === '\\' && line[pos + 1] === quote ? 2 : 1
      if (pos < line.length) ++pos
    } else {
      ++pos
    }
  }
  if (pos >= line.length) return [line.slice(at), line.length]
  const word = line.slice(at, pos)
  while (line[pos] === stop) ++pos
  return [word, pos]
}

/**
 * substring_conf: `text` from `start` up to `end` or the closing `quote`, with a backslash
 * taken away before another backslash or before the quote (only the first of the two is
 * checked against `end`, as in C, where the byte after is the string's NUL or a space).
 */
function substringConf (text: string, start: number, end: number, quote: string | undefined): string {
  let out = ''
  for (let i = start; i < end && text[i] !== quote; ++i) {
    if (text[i] === '\\' && (text[i + 1] === '\\' || (quote !== undefined && text[i + 1] === quote))) out += text[++i] ?? ''
    else out += text[i]
  }
  return out
}

/**
 * php_ap_getword_conf: a parameter's value after leading whitespace: quoted, up to its closing
 * quote (the rest ignored, an unclosed quote running to the end), or else up to whitespace.
 */
function getwordConf (text: string): string {
  let at = 0
  while (at < text.length && isCSpace(text.charCodeAt(at))) ++at
  if (at === text.length) return ''
  const first = text[at] as string
  if (first === '"' || first === "'") return substringConf(text, at + 1, text.length, first)
  let end = at
  while (end < text.length && !isCSpace(text.charCodeAt(end))) ++end
  return substringConf(text, at, end, undefined)
}

const NAME = /^name$/i
const FILENAME = /^filename$/i

/**
 * The name and filename parameters as rfc1867_post_handler reads a Content-Disposition: pairs
 * split at ';' by php_ap_getword (whitespace after each ';' skipped), a pair without '=' ignored
 * (the disposition type, whatever it is), the key up to its first '=' compared untrimmed and
 * case-insensitively (`name = "a"` has the key "name "), the value read by php_ap_getword_conf;
 * a later name or filename replaces an earlier one. `name*` and `filename*` are other keys.
 */
export function readDisposition (value: string): Disposition {
  const disposition: Disposition = { name: undefined, filename: undefined }
  let at = 0
  while (at < value.length && isCSpace(value.charCodeAt(at))) ++at
  while (at < value.length) {
    const [pair, next] = getword(value, at, ';')
    at = next
    while (at < value.length && isCSpace(value.charCodeAt(at))) ++at
    if (!pair.includes('=')) continue
    const [key, valueAt] = getword(pair, 0, '=')
    if (NAME.test(key)) disposition.name = getwordConf(pair.slice(valueAt))
    else if (FILENAME.test(key)) disposition.filename = getwordConf(pair.slice(valueAt))
  }
  return disposition
}

/** php_ap_basename: the file name after its last '/' or '\'. */
export function basename (path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return cut === -1 ? path : path.slice(cut + 1)
}

function isAscii (text: string): boolean {
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

/** Header bytes (a latin1 string, one char per byte) read as UTF-8 text, as PHP's names are UTF-8 to Laravel. */
export function headerText (binary: string): string {
  return isAscii(binary) ? binary : Buffer.from(binary, 'latin1').toString('utf8')
}

import { createPhpArray, registerPhpVariable, type PhpArray } from './php-variables.js'

/** PHP's max_input_vars default. */
export const MAX_INPUT_VARS = 1000

function hexValue (byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** php_url_decode: '+' is a space, %XX with two hex digits a byte, anything else as it is. One pass. */
function urlDecode (bytes: Buffer, start: number, end: number): string {
  const out = Buffer.allocUnsafe(end - start)
  let length = 0
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number
    if (byte === 0x2B) {
      out[length++] = 0x20
    } else if (byte === 0x25) {
      const high = i + 1 < end ? hexValue(bytes[i + 1] as number) : -1
      const low = i + 2 < end ? hexValue(bytes[i + 2] as number) : -1
      if (high === -1 || low === -1) {
        out[length++] = byte
      } else {
        out[length++] = high * 16 + low
        i += 2
      }
    } else {
      out[length++] = byte
    }
  }
  return out.toString('utf8', 0, length)
}

/**
 * A url-encoded body as PHP fills $_POST (main/php_variables.c, add_post_vars): every '&'-separated
 * piece counts towards max_input_vars, empty ones too, and PHP stops after the piece that goes past
 * it (so the 1,001st is still read); a piece without '=' is a field with an empty value.
 */
export function readPhpForm (body: Buffer): PhpArray {
  const fields = createPhpArray()
  let start = 0
  let count = 0
  while (start <= body.length) {
    let end = body.indexOf(0x26, start)
    if (end === -1) {
      if (start === body.length) break
      end = body.length
    }
    const equals = body.subarray(start, end).indexOf(0x3D)
    const nameEnd = equals === -1 ? end : start + equals
    registerPhpVariable(fields, urlDecode(body, start, nameEnd), nameEnd === end ? '' : urlDecode(body, nameEnd + 1, end))
    if (++count > MAX_INPUT_VARS) break
    start = end + 1
  }
  return fields
}

/**
 * A query string as PHP fills $_GET (php_default_treat_data): empty pieces are skipped, and at
 * most max_input_vars pieces are read.
 */
export function readPhpQuery (query: string): PhpArray {
  const fields = createPhpArray()
  const bytes = Buffer.from(query, 'latin1')
  let count = 0
  let start = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(0x26, start)
    if (end === -1) end = bytes.length
    if (end > start) {
      if (++count > MAX_INPUT_VARS) break
      const equals = bytes.subarray(start, end).indexOf(0x3D)
      const nameEnd = equals === -1 ? end : start + equals
      registerPhpVariable(fields, urlDecode(bytes, start, nameEnd), nameEnd === end ? '' : urlDecode(bytes, nameEnd + 1, end))
    }
    start = end + 1
  }
  return fields
}

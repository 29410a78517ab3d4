import { isUtf8 } from 'node:buffer'

/** json_decode's default depth, which Laravel's Request::json() uses: a deeper body decodes to null. */
const PHP_JSON_DEPTH = 512

export interface ReadJson {
  fields: Record<string, unknown>
  /** Why PHP would have read no fields from the body; undefined when it would read them. */
  problem: string | undefined
}

/** What PHP reads from a body it cannot read: no fields (frozen, shared, never written to). */
export const NO_FIELDS = Object.freeze(Object.create(null)) as Record<string, unknown>

/** Whether arrays and objects in a valid JSON text nest deeper than `limit`: one pass, strings skipped. */
export function nestsDeeperThan (text: string, limit: number): boolean {
  // Each level takes an opening and a closing bracket; a shorter text cannot go deeper.
  if (text.length <= 2 * limit) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true
    } else if (code === 0x5d || code === 0x7d) {
      depth--
    }
  }
  return false
}

/**
 * A JSON body as Laravel reads it: `(array) json_decode($content, true)`. Whatever json_decode
 * refuses (bad syntax, bytes that are not UTF-8, nesting past 512 levels) is null there, so no
 * fields; a scalar or a list has no named fields either. Keys are plain data, as in PHP, so
 * `__proto__` is an own field like any other (JSON.parse defines keys, it never assigns them).
 */
export function readPhpJson (body: Buffer): ReadJson {
  if (!isUtf8(body)) return { fields: NO_FIELDS, problem: 'The JSON body is not valid UTF-8.' }
  const text = body.toString('utf8')
  // Laravel reads an empty body as "[]"; json_decode reads whitespace alone as an error; both give no fields.
  if (text.trim() === '') return { fields: NO_FIELDS, problem: undefined }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { fields: NO_FIELDS, problem: `The JSON body could not be parsed: ${(error as Error).message}` }
  }
  if (nestsDeeperThan(text, PHP_JSON_DEPTH)) return { fields: NO_FIELDS, problem: `The JSON body nests deeper than ${PHP_JSON_DEPTH} levels.` }
  const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value)
  return { fields: isRecord ? value as Record<string, unknown> : NO_FIELDS, problem: undefined }
}

import { isUtf8 } from 'node:buffer'
import { PHP_INT_MAX, PHP_INT_MIN } from './php-int.js'

/** json_decode's default depth, which Laravel's Request::json() uses: a deeper body decodes to null. */
const PHP_JSON_DEPTH = 512

export interface ReadJson {
  fields: Record<string, unknown>
  /** Why PHP would have read no fields from the body; undefined when it would read them. */
  problem: string | undefined
}

/**
 * An integer json_decode keeps exact (PHP's int is 64 bits) that JSON.parse would round: past 2^53.
 * Validation reads its text; anything that serialises it (the journal) gets the nearest number.
 */
export class PhpInteger {
  constructor (readonly text: string) {}
  toJSON (): number {
    return Number(this.text)
  }
}

/**
 * A number json_decode reads as a float (a literal with '.' or an exponent, or an integer past 64
 * bits). PHP writes a float as text with 14 significant digits, and in E notation from 1.0E+14 up,
 * so 5.0 is "5" but 1.0E+15 is no integer to FILTER_VALIDATE_INT.
 */
export class PhpFloat {
  constructor (readonly value: number) {}
  toJSON (): number {
    return this.value
  }

  /** The float as PHP's (string) cast writes it, as far as its integer-ness goes. */
  get text (): string {
    const { value } = this
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NAN' : value > 0 ? 'INF' : '-INF'
    if (value === 0) return Object.is(value, -0) ? '-0' : '0'
    const rounded = Number(value.toPrecision(14))
    if (Math.abs(rounded) >= 1e14) return rounded.toExponential().toUpperCase()
    return Number.isInteger(rounded) ? rounded.toFixed(0) : String(rounded)
  }
}

const INTEGER_LITERAL = /^-?(0|[1-9][0-9]*)$/

/** JSON.parse's reviver: json_decode's int (exact to 64 bits) and float for each number literal. */
function phpNumbers (_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || context?.source === undefined) return value
  if (!INTEGER_LITERAL.test(context.source)) return new PhpFloat(value)
  if (Number.isSafeInteger(value)) return value
  const exact = BigInt(context.source)
  return exact > PHP_INT_MAX || exact < PHP_INT_MIN ? new PhpFloat(value) : new PhpInteger(context.source)
}

/**
 * Whether a JSON text has, outside its strings, a digit followed by '.', 'e' or 'E', or 16 digits in
 * a row: the number literals json_decode may read otherwise than JSON.parse. Text inside strings
 * ("12.5" as a string) is skipped, so a body of strings alone pays for no reviver. One pass; for a
 * text that is not valid JSON the answer does not matter, as JSON.parse refuses it either way.
 */
export function hasPhpOnlyNumber (text: string): boolean {
  let inString = false
  let digits = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
      continue
    }
    if (code >= 0x30 && code <= 0x39) {
      if (++digits >= 16) return true
      continue
    }
    if (digits > 0 && (code === 0x2e || code === 0x65 || code === 0x45)) return true
    digits = 0
    if (code === 0x22) inString = true
  }
  return false
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
    // Only a text with a float literal (a digit before '.', 'e' or 'E') or 16 digits in a row can hold a
    // number json_decode reads otherwise than JSON.parse; only it pays for a reviver.
    value = hasPhpOnlyNumber(text) ? JSON.parse(text, phpNumbers as (key: string, value: unknown) => unknown) : JSON.parse(text)
  } catch (error) {
    return { fields: NO_FIELDS, problem: `The JSON body could not be parsed: ${(error as Error).message}` }
  }
  if (nestsDeeperThan(text, PHP_JSON_DEPTH)) return { fields: NO_FIELDS, problem: `The JSON body nests deeper than ${PHP_JSON_DEPTH} levels.` }
  const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value)
  return { fields: isRecord ? value as Record<string, unknown> : NO_FIELDS, problem: undefined }
}

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { PhpFloat, PhpInteger } from '../http/php-json.js'
import { PHP_INT_MAX, PHP_INT_MIN } from '../http/php-int.js'

/** PHP's trim() set (space, \t, \n, \r, \0, \x0B); Laravel's TrimStrings uses it, not Unicode whitespace. */
function isPhpTrimmed (code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0A || code === 0x0D || code === 0x00 || code === 0x0B
}

/**
 * PHP's trim(), in one pass from each end. Not a regular expression: `/[set]+$/` retries at every
 * start of a run of whitespace, which is quadratic in the run's length and would let one request hold the CPU.
 */
export function phpTrim (value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isPhpTrimmed(value.charCodeAt(start))) start++
  while (end > start && isPhpTrimmed(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

/** Laravel's `required`: null, a blank string and an empty array (or JSON object) fail. */
export function isPresent (value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return phpTrim(value) !== ''
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

const PHP_INT_STRING = /^[+-]?(0|[1-9][0-9]*)$/

/**
 * PHP's FILTER_VALIDATE_INT, which Laravel's `integer` rule uses:
 * "123", "-5", "+5" and " 7 " pass; "1.0", "1e3", "0123" and out-of-range values fail.
 * Scalars are converted the way PHP converts them to strings first.
 */
export function isPhpInteger (value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (value instanceof PhpInteger) return true
  if (value instanceof PhpFloat) return isPhpInteger(value.text)
  if (typeof value === 'number') return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63
  if (typeof value !== 'string') return false
  const text = phpTrim(value)
  // A sign and 19 digits at most: longer strings are out of range, and BigInt would spend
  // super-linear time on a megabyte of digits.
  if (text.length > 20 || !PHP_INT_STRING.test(text)) return false
  const parsed = BigInt(text)
  return parsed <= PHP_INT_MAX && parsed >= PHP_INT_MIN
}

/** The string PHP would echo back for a value that passed isPhpInteger. */
export function phpIntegerString (value: unknown): string {
  if (typeof value === 'boolean') return '1'
  if (value instanceof PhpInteger) return value.text
  if (value instanceof PhpFloat) return phpIntegerString(value.text)
  if (typeof value === 'number') return String(value)
  return BigInt(phpTrim(String(value))).toString()
}

const E164 = /^\+[1-9][0-9]{1,14}$/

export interface PhoneInfo {
  e164: string
  isoCode: string
}

/** A valid E.164 number by shape and by libphonenumber's metadata, or undefined. */
export function parseE164 (value: unknown): PhoneInfo | undefined {
  if (typeof value !== 'string' || !E164.test(value)) return undefined
  const phone = parsePhoneNumberFromString(value)
  return phone === undefined || !phone.isValid() || phone.number !== value
    ? undefined
    : Object.freeze({ e164: phone.number, isoCode: phone.country ?? '' })
}

export type PhoneParser = typeof parseE164

/**
 * parseE164 with a memo of its answers by number. libphonenumber's check is about a third of a
 * JSON request's CPU, and test suites send the same few numbers again and again. One per app
 * (the activation route makes it); bounded (at most 16 characters a key), and emptied when full.
 */
export function createPhoneParser (): PhoneParser {
  const MEMO_SIZE = 1000
  const memo = new Map<string, PhoneInfo | undefined>()
  return (value) => {
    if (typeof value !== 'string' || !E164.test(value)) return undefined
    if (memo.has(value)) return memo.get(value)
    const info = parseE164(value)
    if (memo.size >= MEMO_SIZE) memo.clear()
    memo.set(value, info)
    return info
  }
}

/** Code points, as PHP's mb_strlen counts them. */
export function characterCount (value: string): number {
  let count = 0
  for (const _ of value) count++
  return count
}

/** 0000-01-01 to 9999-12-31: the years toISOString writes with four digits. */
const FOUR_DIGIT_YEARS_END = 253_402_300_800_000

let cachedSecond = Number.NaN
let cachedPrefix = ''

/**
 * `new Date(ms).toISOString()`, formatting the date only once a second: under load the
 * journal asks for the time of every request, and toISOString was about 3% of a JSON
 * error's CPU time. A one-entry memo of a pure function; it never changes an answer.
 */
export function isoTime (ms: number): string {
  const whole = Math.trunc(ms)
  if (!(whole >= 0 && whole < FOUR_DIGIT_YEARS_END)) return new Date(whole).toISOString()
  const second = Math.floor(whole / 1000)
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20)
    cachedSecond = second
  }
  const milli = whole - second * 1000
  return cachedPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z'
}

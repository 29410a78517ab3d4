/*
 * How a setting's text becomes its value, shared by the CLI's settings table (cli/config-options.ts),
 * startMockServer's option checks and the files the mock reads at start (the accounts file, the
 * state file), which fail with the same ConfigError.
 */

export class ConfigError extends Error {
  readonly name = 'ConfigError'
}

/** Turns a setting's text into its value; `source` names the flag or variable in the error. */
export type Parse<T> = (text: string, source: string) => T

/** A whole number within bounds; a bare digit string only, as PHP's ctype_digit would have it. */
export function wholeNumber (min: number, max: number): Parse<number> {
  return (text, source) => {
    if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new ConfigError(`${source} must be a whole number from ${min} to ${max}; got "${text}".`)
    }
    return Number(text)
  }
}

/** A TCP port; 0 asks for any free one. */
export const parsePort = wholeNumber(0, 65535)

/** Epoch seconds (as the API itself writes times) or an ISO 8601 date; milliseconds since the epoch. */
export const parseNow: Parse<number> = (text, source) => {
  const millis = /^[0-9]+$/.test(text) ? Number(text) * 1000 : Date.parse(text)
  if (Number.isNaN(millis)) throw new ConfigError(`${source} must be epoch seconds or an ISO 8601 date; got "${text}".`)
  return millis
}

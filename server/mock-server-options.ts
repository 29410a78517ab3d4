import type { FastifyServerOptions } from 'fastify'
import type { AccountCredentials } from './api-keys/authenticator.js'
import { parseHostList } from './admin/allowed-hosts.js'
import { DEFAULT_LIMITS, LIMIT_PARSERS, type Limits } from './http/limits.js'
import { parseJournalCapacity } from './journal/journal.js'
import { ConfigError, parseNow, parsePort, type Parse } from './platform/settings.js'
import type { MockState } from './state/mock-state.js'

/** What `startMockServer` takes; every option is checked at start, with the bounds the CLI uses too. */
export interface MockServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Seed for generated values (the CLI's --seed). */
  seed?: string
  /**
   * A fixed clock, in the forms --now takes (epoch seconds as a string of digits, or an ISO 8601
   * date), a Date, or a function returning milliseconds since the epoch.
   */
  now?: string | Date | (() => number)
  /** Entries the in-memory journal keeps (default 1000); ignored when `state` is given. */
  journalSize?: number
  /** When set, the admin API but health needs `Authorization: Bearer <token>`; the `admin` helpers send it. */
  adminToken?: string
  /**
   * Host names the admin API answers for besides IP addresses and localhost (`['*']`: any);
   * other Hosts get 403, so a page that points its own name at the mock cannot call it.
   */
  allowedHosts?: readonly string[]
  /** Accepted sid/api-key pairs; any non-empty api-key when absent. */
  accounts?: readonly AccountCredentials[]
  limits?: Partial<Limits>
  /** Pino options, or true for Fastify's default logger; silent when absent. */
  logger?: FastifyServerOptions['logger']
  /** Everything the mock remembers; a fresh in-memory one when absent. */
  state?: MockState
}

/** The options with `now` as the function the app takes. */
export type CheckedOptions = Omit<MockServerOptions, 'now'> & { now?: () => number }

const KNOWN = ['port', 'host', 'seed', 'now', 'journalSize', 'adminToken', 'allowedHosts', 'accounts', 'limits', 'logger', 'state'] as const

function fail (message: string): never {
  throw new TypeError(`startMockServer: ${message}`)
}

function describe (value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

/** A number through the parser the CLI uses for the same setting, so both have the same bounds. */
function checkNumber (value: unknown, name: string, parse: Parse<number>): number {
  if (typeof value !== 'number') fail(`${name} must be a number; got ${describe(value)}.`)
  try {
    return parse(String(value), name)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
}

function checkString (value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') fail(`${name} must be a non-empty string; got ${describe(value)}.`)
  return value
}

function checkNow (value: unknown): () => number {
  if (typeof value === 'function') return value as () => number
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const millis = value.getTime()
    return () => millis
  }
  if (typeof value === 'string') {
    try {
      const millis = parseNow(value, 'now')
      return () => millis
    } catch {}
  }
  // A bare number is refused: --now reads seconds, Date.now() gives milliseconds; either guess would be wrong half the time.
  return fail(`now must be a function returning epoch milliseconds, a Date, or a string of epoch seconds or an ISO 8601 date; got ${describe(value)}.`)
}

function checkLimits (value: unknown): Partial<Limits> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`limits must be an object; got ${describe(value)}.`)
  const limits: Partial<Limits> = {}
  for (const [key, limit] of Object.entries(value)) {
    if (!Object.hasOwn(LIMIT_PARSERS, key)) fail(`limits.${key} is not a limit; the limits are ${Object.keys(LIMIT_PARSERS).join(', ')}.`)
    limits[key as keyof Limits] = checkNumber(limit, `limits.${key}`, LIMIT_PARSERS[key as keyof Limits])
  }
  return limits
}

function checkHostList (value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) fail(`allowedHosts must be a list of host names; got ${describe(value)}.`)
  return value.map((name: unknown) => checkHostName(name))
}

function checkHostName (name: unknown): string {
  try {
    const names = parseHostList(checkString(name, 'allowedHosts'), 'allowedHosts')
    if (names.length !== 1) fail(`allowedHosts takes one host name per entry; got ${describe(name)}.`)
    return names[0]!
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
}

function checkAccounts (value: unknown): readonly AccountCredentials[] {
  const valid = Array.isArray(value) && value.every((entry: unknown) =>
    typeof entry === 'object' && entry !== null &&
    typeof (entry as AccountCredentials).sid === 'string' && (entry as AccountCredentials).sid !== '' &&
    typeof (entry as AccountCredentials).apiKey === 'string' && (entry as AccountCredentials).apiKey !== '')
  if (!valid) fail(`accounts must be a list of { sid, apiKey } with non-empty strings; got ${describe(value)}.`)
  return value as readonly AccountCredentials[]
}

function checkState (value: unknown): MockState {
  const parts = ['accounts', 'journal', 'faults', 'keys', 'health', 'close']
  if (typeof value !== 'object' || value === null || !parts.every((part) => part in value)) {
    fail(`state must be a MockState with ${parts.join(', ')}; got ${describe(value)}.`)
  }
  return value as MockState
}

/**
 * Checks every option before anything starts, naming the option and what it takes: a mistake
 * here would otherwise surface later as a 500 on every request (a `now` that is not a function)
 * or not at all (a misspelt option).
 */
export function checkMockServerOptions (options: unknown): CheckedOptions {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(`options must be an object; got ${describe(options)}.`)
  const given = options as Record<string, unknown>
  const unknown = Object.keys(given).filter((key) => !(KNOWN as readonly string[]).includes(key))
  if (unknown.length > 0) fail(`unknown option ${unknown.map((key) => JSON.stringify(key)).join(', ')}; the options are ${KNOWN.join(', ')}.`)
  const checked: CheckedOptions = {}
  const set = <Key extends keyof CheckedOptions>(key: Key, check: (value: unknown) => CheckedOptions[Key]): void => {
    if (given[key] !== undefined) checked[key] = check(given[key])
  }
  set('port', (value) => checkNumber(value, 'port', parsePort))
  set('host', (value) => checkString(value, 'host'))
  set('seed', (value) => checkString(value, 'seed'))
  set('now', checkNow)
  set('journalSize', (value) => checkNumber(value, 'journalSize', parseJournalCapacity))
  set('adminToken', (value) => checkString(value, 'adminToken'))
  set('allowedHosts', checkHostList)
  set('accounts', checkAccounts)
  set('limits', checkLimits)
  set('state', checkState)
  if (given.logger !== undefined) checked.logger = given.logger as MockServerOptions['logger']
  const { bodyBytes, certificateBytes } = { bodyBytes: DEFAULT_LIMITS.bodyBytes, ...checked.limits }
  if (certificateBytes !== undefined && certificateBytes > bodyBytes) fail(`limits.certificateBytes (${certificateBytes}) must be at most limits.bodyBytes (${bodyBytes}).`)
  return checked
}

import { ruleMessage, type RuleName } from '../server/activation/activation-rules.js'
import type { WireResponse } from './wire.js'

/** The fields of the vendor's form, in the order the first failure is reported. */
export const FIELD_ORDER = ['display_name', 'wa_number', 'business_id', 'business_name', 'business_certificate', 'incoming_url'] as const

/**
 * What parity compares of one answer. Errors: status, outer and inner code, and parameter and
 * message (E413) or the inner message. Success: status, code, message, the body's shape (keys
 * and types) and the values that depend only on the request.
 */
export interface Outcome {
  status: number
  code?: string
  innerCode?: string
  parameter?: string
  message?: string
  /** Success only: the JSON shape, e.g. {"data":[{"business_details":{"id":"number",…}}]}. */
  shape?: string
  /** Success only: the echoed fields. */
  echoed?: Record<string, unknown>
  /** A body that is not the vendor's JSON envelope (e.g. nginx's own HTML page). */
  raw?: string
}

function shapeOf (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]))
  }
  return value === null ? 'null' : typeof value
}

export function outcomeOf (response: WireResponse): Outcome {
  let body: Record<string, any>
  try {
    body = JSON.parse(response.body.toString('utf8'))
  } catch {
    return { status: response.status, raw: response.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 120) }
  }
  if (body === null || typeof body !== 'object' || typeof body.code !== 'string') {
    return { status: response.status, raw: response.body.toString('utf8').slice(0, 120) }
  }
  if (response.status === 200) {
    const item = body.data?.[0] ?? {}
    return {
      status: response.status,
      code: body.code,
      message: body.message,
      shape: JSON.stringify(shapeOf(body)),
      echoed: {
        business_id: item.business_details?.business_id,
        business_name: item.business_details?.business_name,
        display_name: item.phone_number?.name,
        incoming_url: item.phone_number?.incoming_url,
        wa_number: item.phone_number?.phone_number,
      },
    }
  }
  const error = body.error ?? {}
  return {
    status: response.status,
    code: body.code,
    innerCode: error.code,
    ...(error.type === 'VALIDATION_ERROR' ? { parameter: error.parameter } : {}),
    message: error.message,
  }
}

export function sameOutcome (a: Outcome, b: Outcome): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The report's name for each rule, Laravel's where it has one. */
const RULE_NAMES: Array<[string, RuleName]> = [
  ['required', 'required'], ['string', 'string'], ['max', 'maxLength'], ['e164', 'phoneNumber'],
  ['integer', 'integer'], ['url', 'url'], ['mimes', 'certificateType'], ['uploaded', 'uploadFailed'],
]

/** The rule an outcome reports, for the report's table: "display_name required", "I102", "E937", "404"… */
export function ruleOf (outcome: Outcome): string {
  if (outcome.parameter !== undefined) {
    const rule = RULE_NAMES.find(([, name]) => ruleMessage(name, outcome.parameter as string) === outcome.message)
    return `${outcome.parameter} ${rule?.[0] ?? 'other'}`
  }
  if (outcome.status === 200) return 'success (I102)'
  if (outcome.innerCode !== undefined) return `${outcome.status} ${outcome.innerCode}`
  return `${outcome.status} (not an envelope)`
}

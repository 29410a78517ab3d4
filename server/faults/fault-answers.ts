import { ACTIVATION_FIELDS, isRequiredField, ruleMessage, type RuleName } from '../activation/activation-rules.js'
import { validationError, type ErrorAnswer, type ErrorName } from '../http/errors.js'
import type { DelayDistribution, FaultAction, FaultAnswer, FaultStatus } from './fault-schemas.js'

/** The catalogue entry each status a `status` fault may take answers with. */
const STATUS_ERRORS: Readonly<Record<FaultStatus, ErrorName>> = {
  408: 'REQUEST_TIMEOUT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
}

/** Statuses that may carry a Retry-After header (RFC 9110 names 503 and 429 for it). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503])

/** The catalogue answers of an `answer` fault, but for `validation`, which names a field. */
const ANSWER_ERRORS: Readonly<Record<Exclude<FaultAnswer, 'validation'>, ErrorName>> = {
  already_submitted: 'ALREADY_SUBMITTED',
  api_key_missing: 'API_KEY_MISSING',
  api_key_invalid: 'API_KEY_INVALID',
}

/** The rules the endpoint's validation can fail each field with, in the order it checks them. */
const FIELD_RULES: Readonly<Record<string, readonly RuleName[]>> = Object.fromEntries(
  ACTIVATION_FIELDS.map((field) => [field.name, field.checks.map((check) => check.rule)]),
)

/** A validation answer's rule when the fault names none: `required`, or the only rule of an optional field. */
const DEFAULT_RULES: Readonly<Record<string, RuleName>> = Object.fromEntries(
  ACTIVATION_FIELDS.map((field) => [field.name, isRequiredField(field) ? 'required' : field.checks[0].rule]),
)

/** Why an `answer` fault's field and rule cannot be answered, or undefined when they can. */
export function validationAnswerProblem (parameter: string | undefined, rule: string | undefined): string | undefined {
  if (parameter === undefined) return `A validation answer needs a parameter: one of ${Object.keys(FIELD_RULES).join(', ')}.`
  const rules: readonly string[] | undefined = Object.hasOwn(FIELD_RULES, parameter) ? FIELD_RULES[parameter] : undefined
  if (rules === undefined) return `A validation answer's parameter is one of ${Object.keys(FIELD_RULES).join(', ')}.`
  if (rule !== undefined && !rules.includes(rule)) return `${parameter} fails with one of the rules ${rules.join(', ')}.`
  return undefined
}

/** The error a `status` or `answer` action sends, with its Retry-After when it has one. */
export function faultError (action: FaultAction): ErrorAnswer {
  if (action.answer !== undefined) {
    if (action.answer !== 'validation') return { errorName: ANSWER_ERRORS[action.answer] }
    const parameter = action.parameter ?? 'display_name'
    const rule = (action.rule ?? DEFAULT_RULES[parameter]) as RuleName
    return validationError({ parameter, message: ruleMessage(rule, parameter) })
  }
  const status = action.status ?? 500
  const errorName = STATUS_ERRORS[status]
  const headers = action.retryAfter === undefined ? undefined : { 'retry-after': String(action.retryAfter) }
  // 503's message has a detail; the fault's is the one it has always had.
  const detail = errorName === 'SERVICE_UNAVAILABLE' ? 'The service is temporarily unavailable.' : undefined
  return { errorName, detail, headers }
}

/** A standard normal draw (Box-Muller). */
function standardNormal (random: () => number): number {
  const u = 1 - random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** One delay in whole milliseconds, drawn from the action's distribution and kept within [0, max]. */
export function sampleDelay (action: FaultAction, max: number, random: () => number = Math.random): number {
  const delay: DelayDistribution = action.delay ?? { distribution: 'fixed', ms: action.delayMs ?? 0 }
  let ms: number
  switch (delay.distribution) {
    case 'fixed': ms = delay.ms; break
    case 'uniform': ms = delay.min + random() * (delay.max - delay.min); break
    case 'lognormal': ms = delay.median * Math.exp(delay.sigma * standardNormal(random)); break
  }
  return Math.min(max, Math.max(0, Math.round(ms)))
}

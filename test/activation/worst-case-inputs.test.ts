import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/app.js'
import { activationForm, buildTestApp, postActivation, VALID_FIELDS } from '../support/helpers.js'

// A guard against a complexity class, not a speed target. Each text rule gets its worst inputs at
// the largest size the limits allow. Linear code answers them in about the time it takes to parse
// a plain body of the same size; a quadratic trim (a
// backtracking /[set]+$/) needs hours at 8 MiB. So each
// hostile request must cost at most a second of this process's CPU, or, for bodies so large that
// merely parsing them takes longer on a slow machine, three times a plain body of the same size.
const CPU_BUDGET_MS = 1000
const BENIGN_FACTOR = 3

const FIELDS = ['display_name', 'wa_number', 'business_id', 'business_name', 'incoming_url'] as const
type Field = typeof FIELDS[number]

type Shape = (size: number) => string

/** Long values that are hard for the trim every field goes through. */
const WHITESPACE: Record<string, Shape> = {
  'spaces between two letters': (n) => 'a' + ' '.repeat(n) + 'a',
  'every PHP trim character between two letters': (n) => 'a' + ' \t\n\r\0\x0B'.repeat(n / 6) + 'a',
  'spaces at both ends': (n) => ' '.repeat(n / 2) + 'a' + ' '.repeat(n / 2),
}

/** And values hard for each field's own rule: digits (E.164, PHP's integer), URLs, length in code points. */
const SHAPES: Record<Field, Record<string, Shape>> = {
  display_name: { ...WHITESPACE, 'multibyte text': (n) => 'é'.repeat(n) },
  wa_number: { ...WHITESPACE, 'a plus and digits': (n) => '+1' + '2'.repeat(n) },
  business_id: { ...WHITESPACE, digits: (n) => '1' + '0'.repeat(n), 'a sign and digits': (n) => '-' + '9'.repeat(n) },
  business_name: { ...WHITESPACE, 'multibyte text': (n) => 'é'.repeat(n) },
  incoming_url: {
    ...WHITESPACE,
    'a URL with a long host': (n) => 'http://' + 'a'.repeat(n),
    'a URL with a long path of percent signs': (n) => 'http://a.example/' + '%'.repeat(n),
  },
}

type Transport = (field: Field, value: string) => { payload: string | Buffer, headers: Record<string, string> }

const json: Transport = (field, value) => ({ payload: JSON.stringify({ ...VALID_FIELDS, [field]: value }), headers: { 'content-type': 'application/json' } })
const multipart: Transport = (field, value) => activationForm({ ...VALID_FIELDS, [field]: value })
const urlencoded: Transport = (field, value) => {
  const params = new URLSearchParams({ ...VALID_FIELDS, [field]: value }).toString()
  return { payload: params, headers: { 'content-type': 'application/x-www-form-urlencoded' } }
}

const bytes = (request: { payload: string | Buffer }) => Buffer.byteLength(request.payload)

/** About the largest value of this shape whose request still fits the limit. */
function fitted (transport: Transport, field: Field, shape: Shape, limit: number): string {
  const probe = 6 * 1024
  const base = bytes(transport(field, shape(0)))
  const perProbe = bytes(transport(field, shape(probe))) - base
  return shape(Math.floor(((limit * 0.99 - base) / perProbe) * probe))
}

function cpuMs (): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

async function cost (app: FastifyInstance, request: { payload: string | Buffer, headers: Record<string, string> }): Promise<number> {
  const before = cpuMs()
  const response = await postActivation(app, request)
  const ms = cpuMs() - before
  // The endpoint's own answer (I102, or E939 with its E413), never a limit's, a timeout's or a fault's.
  expect([[200, 'I102'], [400, 'E939']]).toContainEqual([response.statusCode, (response.json() as { code: string }).code])
  return ms
}

async function expectLinear (transport: Transport, field: Field, limit: number): Promise<void> {
  const app = await buildTestApp()
  const plain = fitted(transport, field, (n) => 'x'.repeat(n), limit)
  const budget = Math.max(CPU_BUDGET_MS, BENIGN_FACTOR * await cost(app, transport(field, plain)))
  const slow: Record<string, number> = {}
  for (const [name, shape] of Object.entries(SHAPES[field])) {
    const request = transport(field, fitted(transport, field, shape, limit))
    expect(bytes(request)).toBeLessThanOrEqual(limit)
    expect(bytes(request)).toBeGreaterThan(limit * 0.9)
    const ms = await cost(app, request)
    if (ms > budget) slow[name] = Math.round(ms)
  }
  expect(slow).toEqual({})
}

describe('the worst input for each text rule, at the largest size the limits allow', () => {
  for (const field of FIELDS) {
    it(`answers a JSON body with a hostile ${field} at the body limit in linear time`, async () => {
      await expectLinear(json, field, DEFAULT_LIMITS.bodyBytes)
    }, 120_000)

    it(`answers a url-encoded body with a hostile ${field} at the body limit in linear time`, async () => {
      await expectLinear(urlencoded, field, DEFAULT_LIMITS.bodyBytes)
    }, 120_000)

    it(`answers a multipart body with a hostile ${field} at the field limit in linear time`, async () => {
      await expectLinear(multipart, field, DEFAULT_LIMITS.fieldBytes + 1024)
    }, 120_000)
  }
})

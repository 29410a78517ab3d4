import { describe, expect, it } from 'vitest'
import { buildTestApp, expectServing, postForm, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'

const cases: Array<[string, Record<string, string>, string]> = [
  ['display_name is missing', { ...VALID_FIELDS, display_name: '' }, 'display-name-required.json'],
  ['display_name is too long', { ...VALID_FIELDS, display_name: 'x'.repeat(256) }, 'display-name-too-long.json'],
  ['wa_number is missing', { ...VALID_FIELDS, wa_number: ' ' }, 'wa-number-required.json'],
  ['wa_number is not E.164', { ...VALID_FIELDS, wa_number: '3236621127' }, 'wa-number-invalid.json'],
  ['wa_number is not a real number', { ...VALID_FIELDS, wa_number: '+1000' }, 'wa-number-invalid.json'],
  ['business_id is missing', { ...VALID_FIELDS, business_id: '' }, 'business-id-required.json'],
  ['business_id is 1.0', { ...VALID_FIELDS, business_id: '1.0' }, 'business-id-not-integer.json'],
  ['business_id is 1e3', { ...VALID_FIELDS, business_id: '1e3' }, 'business-id-not-integer.json'],
  ['business_id is 0123', { ...VALID_FIELDS, business_id: '0123' }, 'business-id-not-integer.json'],
  ['business_name is missing', { ...VALID_FIELDS, business_name: '' }, 'business-name-required.json'],
  ['business_name is too long', { ...VALID_FIELDS, business_name: 'x'.repeat(300) }, 'business-name-too-long.json'],
  ['incoming_url is not a URL', { ...VALID_FIELDS, incoming_url: 'not a url' }, 'incoming-url-invalid.json'],
  ['everything is missing', {}, 'display-name-required.json'],
  ['wa_number and business_id are both wrong', { ...VALID_FIELDS, wa_number: 'x', business_id: 'y' }, 'wa-number-invalid.json'],
]

describe('validation failures over multipart', () => {
  it.each(cases)('answers 400 E939/E413 when %s', async (_name, fields, fixture) => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXVALID', fields)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture(`responses/inferred/${fixture}`))
    await expectServing(app)
  })

  it.each(['123', '-5', '+5'])('accepts business_id %j', async (businessId) => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXVALID', { ...VALID_FIELDS, business_id: businessId })
    expect(response.statusCode).toBe(200)
  })
})

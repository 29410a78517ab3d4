import { describe, expect, it } from 'vitest'
import { activationForm, buildTestApp, postActivation, postForm, readCertificate, readJsonFixture, VALID_FIELDS } from '../support/helpers.js'

const ALREADY_SUBMITTED = readJsonFixture('responses/documented-already-submitted.json')
const DOCUMENTED_SUCCESS = readJsonFixture('responses/documented-success.json') as Record<string, unknown>

/** Key order and value types at every level, the part of the documented body that holds for any request. */
function shapeOf (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf)
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)])
  return typeof value
}

describe('a valid activation request', () => {
  it('creates the activation: 200 I102 with the documented body shape, field order included', async () => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXAP16XXXXX071US')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const body = response.json()
    expect(shapeOf(body)).toEqual(shapeOf(DOCUMENTED_SUCCESS))
    expect(Object.keys(JSON.parse(response.body))).toEqual(Object.keys(DOCUMENTED_SUCCESS))
  })

  it('echoes the request into the generated activation', async () => {
    const app = await buildTestApp({ seed: 'echo' })
    const body = (await postForm(app, 'HXECHO', { ...VALID_FIELDS, incoming_url: 'https://hooks.example.com/wa' })).json()
    const [{ business_details: business, phone_number: phone, template }] = body.data
    expect(business).toMatchObject({ business_id: '1234567891', business_name: 'Kaleyra', status: 2, id: 1, certificate_id: 1 })
    expect(phone).toMatchObject({ name: 'Kaleyra Test', phone_number: '+13236621127', incoming_url: 'https://hooks.example.com/wa', iso_code: 'US', country: 'united states', status: 2, id: 1 })
    expect(phone.company_id).toBe(business.company_id)
    expect(phone.created_by).toBe(business.created_by)
    expect(business.namespace).toMatch(/^[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}$/)
    expect(business.waba_id).toMatch(/^[1-9][0-9]{15}$/)
    expect(business.created_at).toMatch(/^[0-9]{10}$/)
    expect(template).toBe('')
    expect(body.error).toEqual({})
  })

  it.each([
    ['certificate.png', 'image/png'],
    ['certificate.jpg', 'image/jpeg'],
    ['jpeg-named.jpeg', 'image/jpeg'],
    ['certificate.pdf', 'application/pdf'],
  ])('accepts a %s certificate', async (file, contentType) => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXFILES', undefined, { bytes: readCertificate(file), filename: file, contentType })
    expect(response.statusCode).toBe(200)
    expect(response.json().code).toBe('I102')
  })

  it('gives an identical body for the same seed and clock, and pins it against the golden file', async () => {
    const options = { seed: 'golden', now: () => Date.UTC(2026, 0, 15, 12, 0, 0) }
    const first = await postForm(await buildTestApp(options), 'HXGOLDEN')
    const second = await postForm(await buildTestApp(options), 'HXGOLDEN')
    expect(first.body).toBe(second.body)
    expect(first.json()).toEqual(readJsonFixture('responses/seeded-success.json'))
  })

  it('draws different generated values under a different seed', async () => {
    const a = (await postForm(await buildTestApp({ seed: 'a' }), 'HXSEED')).json().data[0].business_details
    const b = (await postForm(await buildTestApp({ seed: 'b' }), 'HXSEED')).json().data[0].business_details
    expect(a.namespace).not.toBe(b.namespace)
    expect(a.waba_id).not.toBe(b.waba_id)
  })
})

describe('the once-only rule', () => {
  it('answers the documented E937 envelope to a second request on the same account', async () => {
    const app = await buildTestApp()
    expect((await postForm(app, 'HXONCE')).statusCode).toBe(200)
    const second = await postForm(app, 'HXONCE')
    expect(second.statusCode).toBe(400)
    expect(second.json()).toEqual(ALREADY_SUBMITTED)
  })

  it('does not let a failed request use up the account\'s chance', async () => {
    const app = await buildTestApp()
    const failed = await postForm(app, 'HXRETRY', undefined, { bytes: readCertificate('certificate.gif'), filename: 'c.gif', contentType: 'image/gif' })
    expect(failed.statusCode).toBe(400)
    expect((await postForm(app, 'HXRETRY')).statusCode).toBe(200)
  })

  it('runs validation before the once-only check', async () => {
    const app = await buildTestApp()
    await postForm(app, 'HXORDER')
    const invalid = await postForm(app, 'HXORDER', undefined, null)
    expect(invalid.json()).toEqual(readJsonFixture('responses/documented-certificate-required.json'))
  })

  it('keeps accounts independent', async () => {
    const app = await buildTestApp()
    expect((await postForm(app, 'HXONE')).statusCode).toBe(200)
    expect((await postForm(app, 'HXTWO')).statusCode).toBe(200)
    expect((await postForm(app, 'HXONE')).json()).toEqual(ALREADY_SUBMITTED)
  })

  it('keeps state per app instance', async () => {
    await postForm(await buildTestApp(), 'HXINSTANCE')
    expect((await postForm(await buildTestApp(), 'HXINSTANCE')).statusCode).toBe(200)
  })

  it('gives exactly one success among 200 concurrent valid requests for a fresh account', async () => {
    const app = await buildTestApp()
    const { payload, headers } = activationForm()
    const responses = await Promise.all(Array.from({ length: 200 }, () => postActivation(app, { sid: 'HXRACE', payload, headers })))
    const codes = responses.map((response) => response.json().error.code ?? response.json().code)
    expect(codes.filter((code) => code === 'I102')).toHaveLength(1)
    expect(codes.filter((code) => code === 'E937')).toHaveLength(199)
  })
})

describe('other body types', () => {
  it('takes JSON fields and reports a certificate sent as a string as the wrong type', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: { ...VALID_FIELDS, business_certificate: '@/tmp/certificate.png' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/documented-certificate-type.json'))
  })

  it('takes url-encoded fields and reports a missing certificate as required', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, {
      payload: new URLSearchParams(VALID_FIELDS).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/documented-certificate-required.json'))
  })

  it('reads an empty JSON body as no fields', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, { payload: '', headers: { 'content-type': 'application/json' } })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })

  it('keeps the last of repeated url-encoded fields, as PHP does', async () => {
    const app = await buildTestApp()
    const response = await postActivation(app, {
      payload: 'display_name=a&display_name=&wa_number=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })
})

describe('the documented envelopes on the wire', () => {
  function compact (fixture: string): string {
    return JSON.stringify(readJsonFixture(`responses/${fixture}`))
  }

  it('sends the three documented error bodies byte for byte, field order included', async () => {
    const app = await buildTestApp()
    expect((await postForm(app, 'HXWIRE', undefined, null)).body).toBe(compact('documented-certificate-required.json'))
    expect((await postForm(app, 'HXWIRE', undefined, { bytes: readCertificate('certificate.gif'), filename: 'c.gif' })).body).toBe(compact('documented-certificate-type.json'))
    await postForm(app, 'HXWIRE')
    expect((await postForm(app, 'HXWIRE')).body).toBe(compact('documented-already-submitted.json'))
  })

  it('sends the success body in the seeded golden file byte for byte', async () => {
    const app = await buildTestApp({ seed: 'golden', now: () => Date.UTC(2026, 0, 15, 12, 0, 0) })
    expect((await postForm(app, 'HXGOLDEN')).body).toBe(compact('seeded-success.json'))
  })
})

import { describe, expect, it } from 'vitest'
import { UploadedFile } from '../../server/http/multipart/uploaded-file.js'
import { validateActivation } from '../../server/activation/validate-activation.js'
import { parseE164 } from '../../server/activation/field-rules.js'

const png = new UploadedFile('c.png', 'image/png', 69, 'png', 'abc', false)
const valid = {
  display_name: 'Kaleyra Test',
  wa_number: '+13236621127',
  business_id: '1234567891',
  business_name: 'Kaleyra',
  business_certificate: png,
}

function firstFailure (fields: Record<string, unknown>): string | undefined {
  const result = validateActivation(fields, parseE164)
  return result.ok ? undefined : `${result.failure.parameter}: ${result.failure.message}`
}

describe('validateActivation', () => {
  it('returns the normalised request when every field is valid', () => {
    const result = validateActivation({ ...valid, display_name: '  Kaleyra Test ', business_id: '+5', incoming_url: 'https://example.com/in' }, parseE164)
    expect(result).toEqual({
      ok: true,
      value: {
        displayName: 'Kaleyra Test',
        waNumber: '+13236621127',
        isoCode: 'US',
        businessId: '5',
        businessName: 'Kaleyra',
        incomingUrl: 'https://example.com/in',
        certificate: png,
      },
    })
  })

  it('reports only the first failing field, in the documentation order', () => {
    expect(firstFailure({})).toBe('display_name: display_name field is required and cannot be empty.')
    expect(firstFailure({ display_name: 'x' })).toBe('wa_number: wa_number field is required and cannot be empty.')
    expect(firstFailure({ display_name: 'x', wa_number: 'bad', business_id: 'bad' })).toBe('wa_number: The wa_number must be a valid phone number in E.164 format.')
    expect(firstFailure({ ...valid, business_id: '1.0', business_name: '' })).toBe('business_id: The business_id must be an integer.')
    expect(firstFailure({ ...valid, business_name: ' ', business_certificate: undefined })).toBe('business_name: business_name field is required and cannot be empty.')
    expect(firstFailure({ ...valid, business_certificate: undefined, incoming_url: 'nope' })).toBe('business_certificate: business_certificate field is required and cannot be empty.')
    expect(firstFailure({ ...valid, incoming_url: 'nope' })).toBe('incoming_url: The incoming_url must be a valid URL.')
  })

  it('treats a blank field as missing', () => {
    expect(firstFailure({ ...valid, display_name: ' \t ' })).toBe('display_name: display_name field is required and cannot be empty.')
  })

  it('rejects text fields that are not strings or are longer than 255 characters', () => {
    expect(firstFailure({ ...valid, display_name: 42 })).toBe('display_name: The display_name must be a string.')
    expect(firstFailure({ ...valid, business_name: ['a'] })).toBe('business_name: The business_name must be a string.')
    expect(firstFailure({ ...valid, display_name: 'é'.repeat(255) })).toBeUndefined()
    expect(firstFailure({ ...valid, display_name: 'é'.repeat(256) })).toBe('display_name: The display_name must not be greater than 255 characters.')
  })

  it('rejects a certificate that is a string, sniffed as another type, or sniffed as nothing', () => {
    const message = 'business_certificate: The business_certificate must be a file of type: jpeg,jpg,pdf,png.'
    expect(firstFailure({ ...valid, business_certificate: 'certificate.png' })).toBe(message)
    expect(firstFailure({ ...valid, business_certificate: new UploadedFile('c.png', 'image/png', 42, 'gif', 'x', false) })).toBe(message)
    expect(firstFailure({ ...valid, business_certificate: new UploadedFile('c.png', 'image/png', 0, undefined, 'x', false) })).toBe(message)
  })

  it('treats a file input sent with no file as missing, and an oversize file as failed to upload', () => {
    expect(firstFailure({ ...valid, business_certificate: new UploadedFile('', 'application/octet-stream', 0, undefined, '', false) }))
      .toBe('business_certificate: business_certificate field is required and cannot be empty.')
    expect(firstFailure({ ...valid, business_certificate: new UploadedFile('big.png', 'image/png', 6e6, undefined, '', true) }))
      .toBe('business_certificate: The business_certificate failed to upload.')
  })

  it('accepts an empty incoming_url', () => {
    expect(firstFailure({ ...valid, incoming_url: '' })).toBeUndefined()
  })

  it('names the rule that rejected the request', () => {
    const result = validateActivation({ ...valid, business_id: '0123' }, parseE164)
    expect(result.ok ? undefined : result.rule).toBe('integer')
  })
})

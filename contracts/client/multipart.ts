import FormData from 'form-data'
import type { ActivationFields, Certificate } from './types.js'

export interface MultipartRequest {
  contentType: string
  body: Buffer
}

/**
 * The activation request as the API wants it: every text field, then the certificate as a
 * file part. A fixed `boundary` makes the bytes reproducible (the pact file stores them).
 */
export function buildActivationMultipart (fields: ActivationFields, certificate: Certificate | null, boundary?: string): MultipartRequest {
  const form = new FormData()
  if (boundary !== undefined) form.setBoundary(boundary)
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, value)
  }
  if (certificate !== null) {
    form.append('business_certificate', Buffer.from(certificate.bytes), {
      filename: certificate.filename,
      contentType: certificate.contentType,
    })
  }
  return { contentType: form.getHeaders()['content-type'] as string, body: form.getBuffer() }
}

import { describe, expect, it } from 'vitest'
import { buildTestApp, expectServing, postForm, readCertificate, readJsonFixture } from '../support/helpers.js'

const WRONG_TYPE = readJsonFixture('responses/documented-certificate-type.json')
const REQUIRED = readJsonFixture('responses/documented-certificate-required.json')

describe('the certificate is judged by its bytes, not its name or declared type', () => {
  it.each([
    ['png-named.pdf', 'application/pdf'],
    ['pdf-named.png', 'image/png'],
    ['certificate.png', 'text/plain'],
    ['certificate.jpg', 'application/octet-stream'],
  ])('accepts %s sent as %s', async (file, contentType) => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXCERT', undefined, { bytes: readCertificate(file), filename: file, contentType })
    expect(response.statusCode).toBe(200)
  })

  it.each([
    ['text-named.png', 'image/png'],
    ['gif-named.jpg', 'image/jpeg'],
    ['certificate.gif', 'image/gif'],
    ['not-an-image.txt', 'image/png'],
    ['empty.png', 'image/png'],
  ])('rejects %s sent as %s with the documented wrong-type envelope', async (file, contentType) => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXCERT', undefined, { bytes: readCertificate(file), filename: file, contentType })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(WRONG_TYPE)
    await expectServing(app)
  })

  it('answers the documented required envelope when no certificate is sent', async () => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXCERT', undefined, null)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(REQUIRED)
  })

  it('treats a file input a browser sends with no file chosen as missing', async () => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXCERT', undefined, { bytes: Buffer.alloc(0), filename: '', contentType: 'application/octet-stream' })
    expect(response.json()).toEqual(REQUIRED)
  })

  it('rejects a certificate sent as a text part', async () => {
    const app = await buildTestApp()
    const response = await postForm(app, 'HXCERT', { ...(readJsonFixture('requests/valid-activation.json') as Record<string, string>), business_certificate: 'certificate.png' }, null)
    expect(response.json()).toEqual(WRONG_TYPE)
  })

  it('answers "failed to upload" for a certificate over the file limit, after the earlier fields are checked', async () => {
    const app = await buildTestApp({ limits: { certificateBytes: 1024 } })
    const big = Buffer.concat([readCertificate('certificate.png'), Buffer.alloc(2048)])
    const response = await postForm(app, 'HXCERT', undefined, { bytes: big, filename: 'big.png', contentType: 'image/png' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual(readJsonFixture('responses/inferred/certificate-too-large.json'))
    const earlier = await postForm(app, 'HXCERT', { display_name: '' }, { bytes: big, filename: 'big.png', contentType: 'image/png' })
    expect(earlier.json()).toEqual(readJsonFixture('responses/inferred/display-name-required.json'))
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Check } from 'typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildInspector } from '../../scripts/build-inspector.js'
import { INSPECTOR_CSP } from '../../server/inspector/inspector-routes.js'
import { InspectorPageSchema } from '../../server/inspector/inspector-schemas.js'
import { activationPath, buildTestApp, postForm, readCertificate, VALID_FIELDS, type CertificatePart } from '../support/helpers.js'
import type { AppOptions } from '../../server/app.js'
import { inspectorUrl } from '../../server/inspector/inspector-url.js'
import { defaultAssetsDirectory } from '../../server/inspector/inspector-assets.js'
import { ROOT, spawnProcess } from '../support/server-helpers.js'

let assets: string
beforeAll(async () => {
  assets = mkdtempSync(join(tmpdir(), 'inspector-assets-'))
  await buildInspector(assets)
})
afterAll(() => { rmSync(assets, { recursive: true, force: true }) })

const inspectorApp = (options: AppOptions = {}) => buildTestApp({ inspectorAssets: assets, ...options })

function assetNames (shell: string): string[] {
  return [...shell.matchAll(/\/__admin\/ui\/assets\/([^"]+)"/g)].map((match) => match[1])
}

describe('inspector page: GET /__admin/ui', () => {
  it('serves the shell with a strict CSP, nosniff and revalidation, and no inline script or style', async () => {
    const app = await inspectorApp()
    const response = await app.inject({ method: 'GET', url: '/__admin/ui' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['content-security-policy']).toBe(INSPECTOR_CSP)
    expect(INSPECTOR_CSP).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
    expect(response.body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    expect(assetNames(response.body)).toHaveLength(3)
  })

  it('holds no data: a SID the journal has does not appear in the shell', async () => {
    const app = await inspectorApp()
    await postForm(app, 'HXSHELLSECRET')
    const response = await app.inject({ method: 'GET', url: '/__admin/ui/' })
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain('HXSHELLSECRET')
  })

  it('serves each asset the shell names for a year, immutable, with its type and nosniff', async () => {
    const app = await inspectorApp()
    const shell = (await app.inject({ method: 'GET', url: '/__admin/ui' })).body
    let bytes = 0
    for (const name of assetNames(shell)) {
      const response = await app.inject({ method: 'GET', url: `/__admin/ui/assets/${name}` })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe({ js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' }[name.split('.').pop()!])
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      bytes += response.rawPayload.length
    }
    expect(bytes).toBeLessThan(64 * 1024)
  })

  it.each(['nope.js', '..%2Fpackage.json', 'index.html.map'])('answers an asset it does not have (%s) with the 404 envelope', async (name) => {
    const app = await inspectorApp()
    const response = await app.inject({ method: 'GET', url: `/__admin/ui/assets/${name}` })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('E404')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('asks for no token for the page, and the token for its data', async () => {
    const app = await inspectorApp({ adminToken: 's3cret' })
    expect((await app.inject({ method: 'GET', url: '/__admin/ui' })).statusCode).toBe(200)
    const refused = await app.inject({ method: 'GET', url: '/__admin/ui/requests' })
    expect(refused.statusCode).toBe(401)
    expect(refused.json().code).toBe('E401')
    const allowed = await app.inject({ method: 'GET', url: '/__admin/ui/requests', headers: { authorization: 'Bearer s3cret' } })
    expect(allowed.statusCode).toBe(200)
    expect(allowed.headers['cache-control']).toBe('no-store')
  })

  it.each([['the sources', 'server/inspector'], ['the compiled server', 'dist/server/inspector'], ['the bundle', 'dist/bundle']])('finds the built page in dist/inspector from %s, never the page\'s sources', (_, from) => {
    expect(defaultAssetsDirectory(join(ROOT, from))).toBe(join(ROOT, 'dist', 'inspector'))
  })

  it('answers 503 saying to build when the page was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'inspector-empty-'))
    try {
      const app = await buildTestApp({ inspectorAssets: empty })
      const response = await app.inject({ method: 'GET', url: '/__admin/ui' })
      expect(response.statusCode).toBe(503)
      expect(response.json().error.message).toBe('The inspector page is not built: run npm run build.')
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})

describe('inspector data: GET /__admin/ui/requests', () => {
  it('lists only the entries after since, newest first, and refuses a bad since with 400', async () => {
    const app = await inspectorApp()
    for (const sid of ['HXP1', 'HXP2', 'HXP3']) await postForm(app, sid)
    const page = (await app.inject({ method: 'GET', url: '/__admin/ui/requests?since=1' })).json()
    expect(page.entries.map((entry: { seq: number, sid: string }) => [entry.seq, entry.sid])).toEqual([[3, 'HXP3'], [2, 'HXP2']])
    expect(page.total).toBe(3)
    expect((await app.inject({ method: 'GET', url: '/__admin/ui/requests?since=-1' })).statusCode).toBe(400)
  })

  const png = readCertificate('certificate.png')
  const cases: Array<{ name: string, sid: string, fields: Record<string, string>, certificate?: CertificatePart, sentence: string }> = [
    { name: 'a non-integer business_id', sid: 'HXINT', fields: { ...VALID_FIELDS, business_id: '1.0' }, sentence: "business_id `1.0` is not an integer by PHP's rule: FILTER_VALIDATE_INT takes an optional sign and digits without a leading zero within 64 bits, so `1.0`, `1e3` and `0123` fail." },
    { name: 'a blank display_name', sid: 'HXREQ', fields: { ...VALID_FIELDS, display_name: '   ' }, sentence: "display_name is `   `, which is blank: Laravel's `required` rule fails an absent field, null, an empty array and a string that is empty after PHP's trim()." },
    { name: 'a GIF named .png', sid: 'HXGIF', fields: VALID_FIELDS, certificate: { bytes: readCertificate('certificate.gif'), filename: 'logo.png', contentType: 'image/png' }, sentence: "business_certificate is named .png, declared image/png, bytes are GIF, not PNG, JPG or PDF: Laravel's `mimes` rule judges the file by its bytes (PHP's finfo), not by its name or declared type, and takes PNG, JPG or PDF." },
    { name: 'a bad wa_number', sid: 'HXTEL', fields: { ...VALID_FIELDS, wa_number: '555-1234' }, sentence: "wa_number `555-1234` is not a valid E.164 number: that is a plus sign, a country code and a number valid by libphonenumber's metadata, with no spaces or punctuation." },
  ]

  it.each(cases)('explains $name in a sentence, and rebuilds exactly the envelope that was sent', async ({ sid, fields, certificate, sentence }) => {
    const app = await inspectorApp()
    const sent = await postForm(app, sid, fields, certificate ?? { bytes: png, filename: 'certificate.png', contentType: 'image/png' })
    expect(sent.statusCode).toBe(400)
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json().entries
    expect(entry.explanation.sentence).toBe(sentence)
    expect(sentence.startsWith(`${entry.explanation.summary}: `)).toBe(true)
    expect(entry.explanation.envelope).toEqual(sent.json())
  })

  it('names the certificate mismatch, and none when name, declared type and bytes agree', async () => {
    const app = await inspectorApp()
    await postForm(app, 'HXOK')
    await postForm(app, 'HXPDF', VALID_FIELDS, { bytes: readCertificate('certificate.pdf'), filename: 'scan.PNG', contentType: 'application/pdf' })
    const [pdf, ok] = (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json().entries
    expect(pdf.explanation.certificateMismatch).toBe('named .png, bytes are PDF')
    expect(ok.explanation.certificateMismatch).toBeNull()
    expect(ok.explanation.sentence).toBe('Accepted: the activation request was created.')
    expect(ok.explanation.envelope).toBeNull()
  })

  it('gives each entry the envelope\'s outer code beside the inner one the journal keeps', async () => {
    const app = await inspectorApp()
    await postForm(app, 'HXOUTER')
    await postForm(app, 'HXOUTER')
    await postForm(app, 'HXOUTER2', { ...VALID_FIELDS, business_id: 'x' })
    await app.inject({ method: 'POST', url: '/v1/HXOUTER3/whatsapp/activation' })
    const entries = (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json().entries as Array<{ code: string, explanation: { outerCode: string } }>
    expect(entries.map((entry) => [entry.code, entry.explanation.outerCode])).toEqual([['E401', 'E401'], ['E413', 'E939'], ['E937', 'E939'], ['I102', 'I102']])
  })

  it('sends a page of the shape its schema gives the page, for a success, a rejection and a fault\'s answer', async () => {
    const app = await inspectorApp()
    await postForm(app, 'HXSHAPE')
    await postForm(app, 'HXSHAPE2', VALID_FIELDS, { bytes: readCertificate('certificate.gif'), filename: 'logo.png', contentType: 'image/png' })
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { kind: 'status', status: 503, retryAfter: 1 } })
    expect((await postForm(app, 'HXSHAPE3')).statusCode).toBe(503)
    const page: unknown = (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json()
    expect((page as { entries: Array<{ sid: string }> }).entries.map((entry) => entry.sid)).toEqual(['HXSHAPE3', 'HXSHAPE2', 'HXSHAPE'])
    expect(Check(InspectorPageSchema, page)).toBe(true)
    // And it can fail: an explanation missing a field is not of that shape.
    const broken = structuredClone(page) as { entries: Array<{ explanation: Record<string, unknown> }> }
    delete broken.entries[0].explanation.outerCode
    expect(Check(InspectorPageSchema, broken)).toBe(false)
  })

  it('explains E937 and a missing api-key with the envelopes that were sent', async () => {
    const app = await inspectorApp()
    await postForm(app, 'HXTWICE')
    const again = await postForm(app, 'HXTWICE')
    const keyless = await app.inject({ method: 'POST', url: activationPath('HXKEY'), payload: {} })
    expect(keyless.statusCode).toBe(401)
    const [missing, twice] = (await app.inject({ method: 'GET', url: '/__admin/ui/requests' })).json().entries
    expect(twice.explanation.sentence).toBe('Account HXTWICE has already submitted an activation request: each account gets one; reset the account to try again.')
    expect(twice.explanation.envelope).toEqual(again.json())
    expect(missing.explanation.sentence).toBe("No api-key header was sent: the endpoint needs the account's API key.")
    expect(missing.explanation.envelope).toEqual(keyless.json())
  })
})

describe('npm start and the inspector', () => {
  it('prints the inspector URL at start, and the page is served there from the build', async () => {
    const server = spawnProcess(process.execPath, [join(ROOT, 'dist', 'bundle', 'cli.cjs'), 'serve'], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' })
    const deadline = Date.now() + 20_000
    let url: string | undefined
    while (url === undefined && Date.now() < deadline) {
      url = /inspector: (http:\/\/127\.0\.0\.1:\d+\/__admin\/ui)"/.exec(server.output())?.[1]
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(url, server.output()).toBeDefined()
    const page = await fetch(url!)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(INSPECTOR_CSP)
    server.child.kill('SIGTERM')
    expect((await server.exited).code).toBe(0)
  })

  it.each([
    [{ address: '0.0.0.0', family: 'IPv4', port: 8080 }, 'http://127.0.0.1:8080/__admin/ui'],
    [{ address: '::', family: 'IPv6', port: 8080 }, 'http://127.0.0.1:8080/__admin/ui'],
    [{ address: '::1', family: 'IPv6', port: 9 }, 'http://[::1]:9/__admin/ui'],
    [{ address: '192.0.2.7', family: 'IPv4', port: 80 }, 'http://192.0.2.7:80/__admin/ui'],
  ])('names a browser-reachable URL for a server listening on %o', (address, url) => {
    expect(inspectorUrl(address)).toBe(url)
  })
})

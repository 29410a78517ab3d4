import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import FormData from 'form-data'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterEach, expect } from 'vitest'
import { buildApp, type AppOptions } from '../../server/app.js'

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')

export function readJsonFixture (path: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'))
}

export function readCertificate (name: string): Buffer {
  return readFileSync(join(FIXTURES, 'certificates', name))
}

export const VALID_FIELDS = readJsonFixture('requests/valid-activation.json') as Record<string, string>
export const API_KEY = 'Ac4XXXXX21f'

const apps: FastifyInstance[] = []

/** A fresh app per call, closed after the test. */
export async function buildTestApp (options: AppOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(options)
  apps.push(app)
  return app
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

export interface CertificatePart {
  bytes: Buffer
  filename?: string
  contentType?: string
}

/** A real multipart body: text fields, then the certificate as a file part (unless omitted). */
export function activationForm (fields: Record<string, string> = VALID_FIELDS, certificate: CertificatePart | null = { bytes: readCertificate('certificate.png'), filename: 'certificate.png', contentType: 'image/png' }): { payload: Buffer, headers: Record<string, string> } {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  if (certificate !== null) {
    form.append('business_certificate', certificate.bytes, {
      filename: certificate.filename ?? 'certificate',
      contentType: certificate.contentType ?? 'application/octet-stream',
    })
  }
  return { payload: form.getBuffer(), headers: form.getHeaders() }
}

export function activationPath (sid = 'HXAP16XXXXX071US'): string {
  return `/v1/${sid}/whatsapp/activation`
}

/** POSTs to the activation endpoint with an api-key unless the caller's headers say otherwise. */
export function postActivation (app: FastifyInstance, options: { sid?: string, payload?: InjectOptions['payload'], headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: activationPath(options.sid),
    payload: options.payload,
    headers: { 'api-key': API_KEY, ...options.headers },
  })
}

export function postForm (app: FastifyInstance, sid: string, fields?: Record<string, string>, certificate?: CertificatePart | null): Promise<LightMyRequestResponse> {
  const { payload, headers } = activationForm(fields, certificate)
  return postActivation(app, { sid, payload, headers })
}

/**
 * Asserts that the app still does its job after whatever the test sent: health reports ok,
 * and a valid activation for an account nobody has used gets its I102.
 */
export async function expectServing (app: FastifyInstance): Promise<void> {
  const health = await app.inject({ method: 'GET', url: '/__admin/health' })
  expect({ status: health.statusCode, body: health.json() }).toMatchObject({ status: 200, body: { status: 'ok' } })
  const documented = readJsonFixture('responses/documented-success.json') as { code: string, message: string }
  const activation = await postForm(app, 'HXSTILLSERVING')
  expect({ status: activation.statusCode, code: activation.json().code, message: activation.json().message })
    .toEqual({ status: 200, code: documented.code, message: documented.message })
}

import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { buildActivationMultipart } from './multipart.js'
import type { ActivationFields, ActivationResult, Certificate, ErrorEnvelope, SuccessEnvelope } from './types.js'

export type * from './types.js'

export interface ActivationClientOptions {
  /** e.g. "https://api.kaleyra.io" or the mock's URL. */
  baseUrl: string
  apiKey: string
  /** Multipart boundary; random when absent. Tests fix it to get reproducible bytes. */
  boundary?: string
  fetch?: typeof fetch
}

export interface ActivationClient {
  /** Submits the account's one activation request; `certificate: null` sends none. */
  submitActivation (sid: string, fields: ActivationFields, certificate: Certificate | null): Promise<ActivationResult>
}

/** The API answered with something that is not one of its envelopes. */
export class UnexpectedResponseError extends Error {
  readonly name = 'UnexpectedResponseError'
  constructor (readonly status: number, readonly body: string) {
    super(`Unexpected response ${status}: ${body.slice(0, 200)}`)
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.pdf': 'application/pdf',
}

/** Reads a certificate file; the part's Content-Type follows the extension. */
export async function certificateFromFile (path: string): Promise<Certificate> {
  return {
    bytes: await readFile(path),
    filename: basename(path),
    contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
  }
}

function isEnvelope (value: unknown): value is SuccessEnvelope | ErrorEnvelope {
  if (value === null || typeof value !== 'object') return false
  const { code, message, data, error } = value as Record<string, unknown>
  return typeof code === 'string' && typeof message === 'string' && Array.isArray(data) && error !== null && typeof error === 'object'
}

/**
 * The reference client: what a client team writes, and the consumer of the pact.
 * @example
 * const client = createActivationClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'Ac4XXXXX21f' })
 * const result = await client.submitActivation('HXAP16XXXXX071US', fields, await certificateFromFile('cert.png'))
 * if (result.ok) console.log(result.envelope.data[0].business_details.waba_id)
 * else console.error(result.envelope.error.message)
 */
export function createActivationClient (options: ActivationClientOptions): ActivationClient {
  const send = options.fetch ?? fetch
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  return {
    async submitActivation (sid, fields, certificate) {
      const { contentType, body } = buildActivationMultipart(fields, certificate, options.boundary)
      const response = await send(`${baseUrl}/v1/${encodeURIComponent(sid)}/whatsapp/activation`, {
        method: 'POST',
        headers: { 'api-key': options.apiKey, 'content-type': contentType },
        body,
      })
      const text = await response.text()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        throw new UnexpectedResponseError(response.status, text)
      }
      if (!isEnvelope(parsed)) throw new UnexpectedResponseError(response.status, text)
      if (response.status === 200 && parsed.code === 'I102') return { ok: true, status: 200, envelope: parsed as SuccessEnvelope }
      return { ok: false, status: response.status, envelope: parsed as ErrorEnvelope }
    },
  }
}

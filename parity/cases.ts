import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RawRequest } from './wire.js'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
export const VALID_FIELDS = JSON.parse(readFileSync(join(FIXTURES, 'requests', 'valid-activation.json'), 'utf8')) as Record<string, string>
export const certificate = (name: string): Buffer => readFileSync(join(FIXTURES, 'certificates', name))
export const API_KEY = 'Ac4XXXXX21f'

/** How the body is written, for the report. */
export type BodyKind = 'multipart' | 'json' | 'form' | 'other' | 'none'

export interface ParityCase {
  name: string
  /** Where the case comes from: a documented example, a row of the README's table, a hostile shape, or the generator. */
  source: 'documented' | 'readme' | 'hostile' | 'generated'
  kind: BodyKind
  /** The README table row the case exercises, by its message column, when it is meant to. */
  readmeRow?: string
  requests: RawRequest[]
}

export interface Part {
  name: string
  value: Buffer | string
  filename?: string
  contentType?: string
  /** The whole Content-Disposition value, when the case writes it itself. */
  disposition?: string
}

export const BOUNDARY = 'parityB0undary'

/** A multipart body written by hand, so that every byte is the case's choice. */
export function multipartBody (parts: Part[], options: { boundary?: string, eol?: string, close?: boolean } = {}): Buffer {
  const b = options.boundary ?? BOUNDARY
  const eol = options.eol ?? '\r\n'
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${b}${eol}Content-Disposition: ${part.disposition ?? `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`}${eol}`
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}${eol}`
    chunks.push(Buffer.from(head + eol, 'utf8'), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'), Buffer.from(eol))
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${b}--${eol}`))
  return Buffer.concat(chunks)
}

export const PNG_PART: Part = { name: 'business_certificate', value: certificate('certificate.png'), filename: 'certificate.png', contentType: 'image/png' }

/** The documented valid request's fields as text parts, with overrides (undefined drops a field), then the certificate. */
export function validParts (overrides: Record<string, string | undefined> = {}, file: Part | null = PNG_PART): Part[] {
  const fields = { ...VALID_FIELDS, ...overrides }
  const parts: Part[] = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined).map(([name, value]) => ({ name, value }))
  return file === null ? parts : [...parts, file]
}

export const activationTarget = (sid: string): string => `/v1/${sid}/whatsapp/activation`

export function post (sid: string, contentType: string | undefined, body: Buffer, extraHeaders: Array<[string, string]> = [], apiKey: string | null = API_KEY): RawRequest {
  const headers: Array<[string, string]> = []
  if (apiKey !== null) headers.push(['api-key', apiKey])
  if (contentType !== undefined) headers.push(['Content-Type', contentType])
  return { method: 'POST', target: activationTarget(sid), headers: [...headers, ...extraHeaders], body }
}

export const multipartType = (boundary = BOUNDARY): string => `multipart/form-data; boundary=${boundary}`
export const postMultipart = (sid: string, parts: Part[], apiKey: string | null = API_KEY): RawRequest => post(sid, multipartType(), multipartBody(parts), [], apiKey)
export const postJson = (sid: string, value: unknown, contentType = 'application/json'): RawRequest => post(sid, contentType, Buffer.from(JSON.stringify(value)))
export const postForm = (sid: string, body: string, contentType = 'application/x-www-form-urlencoded'): RawRequest => post(sid, contentType, Buffer.from(body))
export function formOf (fields: Record<string, string>): string {
  return Object.entries(fields).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
}

import type { IncomingHttpHeaders } from 'node:http'
import { ApiError } from '../errors.js'
import { sniffFileType } from '../../activation/certificate-sniffer.js'
import { sha256Hex } from '../sha256.js'
import { splitMultipart, type MultipartLimits, type MultipartPart } from './multipart-splitter.js'
import { UploadedFile } from '../../activation/uploaded-file.js'

export type { MultipartLimits } from './multipart-splitter.js'

export interface ReadMultipart {
  fields: Record<string, unknown>
  /** Why the body could be read only in part (or not at all); undefined for a whole body. */
  problem: string | undefined
}

/**
 * Reads a buffered multipart body as PHP does: the fields of every part it could read, and why
 * it could not read the rest. Text parts become strings, file parts an UploadedFile (sniffed and
 * hashed, bytes dropped). A later part of the same name replaces an earlier one, as PHP does for
 * names without []. Only too many parts is an error (413).
 */
export async function readMultipart (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits): Promise<ReadMultipart> {
  const split = splitMultipart(headers['content-type'], body, limits)
  if (!split.ok && split.failure === 'too-many-parts') {
    throw new ApiError('PAYLOAD_TOO_LARGE', `The multipart body has more than ${limits.parts} parts.`)
  }
  return {
    fields: await fieldsOf(split.parts),
    problem: split.ok ? undefined : `The multipart body could not be parsed: ${split.reason}.`,
  }
}

/** Like readMultipart, but a body it cannot read whole is an error (400 E400): the strict reading test/multipart-differential.test.ts holds to busboy's. */
export async function parseMultipart (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits): Promise<Record<string, unknown>> {
  const { fields, problem } = await readMultipart(headers, body, limits)
  if (problem !== undefined) throw new ApiError('MALFORMED_BODY', problem)
  return fields
}

async function fieldsOf (parts: readonly MultipartPart[]): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = Object.create(null)
  for (const part of parts) {
    // A part without a name lands under "undefined", as it did when busboy parsed bodies.
    const name = String(part.name)
    if (part.kind === 'field') {
      fields[name] = part.value
      continue
    }
    // The bytes are a view into the body: sniffed and hashed, never copied or kept.
    const sniffedType = part.bytes === undefined ? undefined : await sniffFileType(part.bytes)
    const sha256 = part.bytes === undefined ? '' : sha256Hex(part.bytes)
    fields[name] = new UploadedFile(part.filename ?? '', part.declaredType, part.size, sniffedType, sha256, part.tooLarge, part.partial)
  }
  return fields
}

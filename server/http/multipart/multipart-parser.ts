import type { IncomingHttpHeaders } from 'node:http'
import { ApiError } from '../errors.js'
import { sniffFileType } from '../../activation/certificate-sniffer.js'
import { sha256Hex } from '../sha256.js'
import { splitMultipart, type MultipartLimits } from './multipart-splitter.js'
import { UploadedFile } from '../../activation/uploaded-file.js'

export type { MultipartLimits } from './multipart-splitter.js'

/**
 * Parses a buffered multipart body into fields: strings for text parts, an UploadedFile
 * (sniffed and hashed, bytes dropped) for file parts. A later part of the same name
 * replaces an earlier one, as PHP does for names without [].
 */
export async function parseMultipart (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits): Promise<Record<string, unknown>> {
  const split = splitMultipart(headers['content-type'], body, limits)
  if (!split.ok) {
    throw split.failure === 'too-many-parts'
      ? new ApiError('PAYLOAD_TOO_LARGE', `The multipart body has more than ${limits.parts} parts.`)
      : new ApiError('MALFORMED_BODY', `The multipart body could not be parsed: ${split.reason}.`)
  }
  const fields: Record<string, unknown> = Object.create(null)
  for (const part of split.parts) {
    // A part without a name lands under "undefined", as it did when busboy parsed bodies.
    const name = String(part.name)
    if (part.kind === 'field') {
      fields[name] = part.value
      continue
    }
    // The bytes are a view into the body: sniffed and hashed, never copied or kept.
    const sniffedType = part.bytes === undefined ? undefined : await sniffFileType(part.bytes)
    const sha256 = part.bytes === undefined ? '' : sha256Hex(part.bytes)
    fields[name] = new UploadedFile(part.filename ?? '', part.declaredType, part.size, sniffedType, sha256, part.tooLarge)
  }
  return fields
}

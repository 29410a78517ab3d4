import type { IncomingHttpHeaders } from 'node:http'
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy'
import { ApiError } from '../../server/http/errors.js'
import { sniffFileType } from '../../server/http/multipart/certificate-sniffer.js'
import { sha256Hex } from '../../server/platform/sha256.js'
import type { MultipartLimits } from '../../server/http/multipart/multipart-splitter.js'
import { UploadedFile } from '../../server/http/multipart/uploaded-file.js'

/*
 * A multipart parser built on the well-kept library: @fastify/busboy driven over the buffered
 * body in one write. It is the oracle server/http/multipart/multipart-splitter.ts is held to
 * (test/http/multipart/multipart-differential.test.ts); @fastify/busboy is a devDependency only.
 */

interface PendingFile {
  name: string
  filename: string
  declaredType: string
  chunks: Buffer[]
  size: number
  tooLarge: boolean
}

export type Part = { name: string, text: string } | PendingFile

/**
 * Flow control, busboy's defaults unless set. busboy stalls for ever on a closed body
 * with a part it skips (no form-data Content-Disposition) of 16 KiB or more, its parts' default
 * highWaterMark: the skipped part's stream never ends. With partHighWaterMark above the body's
 * size it reads such a body through, which is what the splitter is held to there.
 */
export interface BusboyFlow {
  partHighWaterMark?: number
}

/** busboy's part of the work: the parts with their bytes, before sniffing and hashing (exported for bench/multipart-parse.ts). */
export function collect (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits, flow: BusboyFlow = {}): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance
    try {
      parser = new Busboy({
        headers: headers as BusboyHeaders,
        limits: { fileSize: limits.fileBytes, parts: limits.parts, fieldSize: limits.fieldBytes, headerSize: limits.headerBytes },
        ...(flow.partHighWaterMark === undefined ? {} : { fileHwm: flow.partHighWaterMark }),
      })
    } catch (error) {
      reject(new ApiError('MALFORMED_BODY', `The multipart body could not be parsed: ${(error as Error).message}.`))
      return
    }
    const parts: Part[] = []
    let failed = false
    const failWith = (error: ApiError) => {
      if (!failed) reject(error)
      failed = true
    }

    parser.on('field', (name, value) => { parts.push({ name, text: value }) })
    parser.on('file', (name, stream, filename, _encoding, mimeType) => {
      const file: PendingFile = { name, filename: filename ?? '', declaredType: mimeType ?? '', chunks: [], size: 0, tooLarge: false }
      parts.push(file)
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length
        file.chunks.push(chunk)
      })
      // A truncated body errors the file stream too; unheard, that error would crash the process.
      stream.on('error', (error: Error) => {
        failWith(new ApiError('MALFORMED_BODY', `The multipart body could not be parsed: ${error.message}.`))
      })
      stream.on('limit', () => {
        file.tooLarge = true
        file.chunks = []
      })
    })
    parser.on('partsLimit', () => {
      failWith(new ApiError('PAYLOAD_TOO_LARGE', `The multipart body has more than ${limits.parts} parts.`))
    })
    parser.on('error', (error: Error) => {
      failWith(new ApiError('MALFORMED_BODY', `The multipart body could not be parsed: ${error.message}.`))
    })
    parser.on('finish', () => {
      if (!failed) resolve(parts)
    })
    parser.end(body)
  })
}

/**
 * Parses a buffered multipart body into fields: strings for text parts, an UploadedFile
 * (sniffed and hashed, bytes dropped) for file parts. A later part of the same name
 * replaces an earlier one, as PHP does for names without [].
 */
export async function parseMultipartWithBusboy (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits, flow: BusboyFlow = {}): Promise<Record<string, unknown>> {
  const parts = await collect(headers, body, limits, flow)
  const fields: Record<string, unknown> = Object.create(null)
  for (const part of parts) {
    if ('text' in part) {
      fields[part.name] = part.text
      continue
    }
    const file = part
    // A file that arrived in one chunk (the usual case: the body is parsed in one write) is not copied.
    const bytes = file.chunks.length === 1 ? file.chunks[0] : Buffer.concat(file.chunks)
    const sniffedType = file.tooLarge ? undefined : await sniffFileType(bytes)
    const sha256 = file.tooLarge ? '' : sha256Hex(bytes)
    fields[file.name] = new UploadedFile(file.filename, file.declaredType, file.size, sniffedType, sha256, file.tooLarge)
  }
  return fields
}

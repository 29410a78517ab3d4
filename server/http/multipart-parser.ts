import type { IncomingHttpHeaders } from 'node:http'
import { ApiError } from './errors.js'
import { sniffFileType } from './multipart/certificate-sniffer.js'
import { sha256Hex } from '../platform/sha256.js'
import { splitMultipart, type MultipartLimits, type MultipartPart } from './multipart/multipart-splitter.js'
import { MAX_INPUT_VARS } from './php-form.js'
import { createPhpArray, isPhpArray, registerPhpVariable, type PhpArray } from './php-variables.js'
import { UploadedFile } from './multipart/uploaded-file.js'

export type { MultipartLimits } from './multipart/multipart-splitter.js'

export interface ReadMultipart {
  fields: Record<string, unknown>
  /** Why the body could be read only in part (or not at all); undefined for a whole body. */
  problem: string | undefined
  /** File parts with bytes that PHP took as "no file", having an empty filename (what a client library gets wrong). */
  unnamedFiles: DroppedFile[]
}

export interface DroppedFile {
  name: string
  size: number
}

/**
 * Reads a buffered multipart body as PHP and Laravel do: the fields of every part PHP could read,
 * and why it could not read the rest. Text parts fill $_POST and file parts $_FILES, each under
 * its name as PHP files names (php-variables.ts: `a[]` and `a[b]` arrays, '.' and ' ' as '_');
 * the splitter reads the parts as rfc1867.c does (max_file_uploads, max_multipart_body_parts as
 * limits.parts), and PHP keeps at most max_input_vars text parts. A file part with an empty filename
 * is "no file": it replaces an upload of that name, and Laravel's Request::filterFiles then drops it.
 * Laravel's input is the text fields with the files laid over them (array_replace_recursive),
 * whatever their order in the body.
 */
export async function readMultipart (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits): Promise<ReadMultipart> {
  const split = splitMultipart(headers['content-type'], body, limits)
  const unnamedFiles: DroppedFile[] = []
  return {
    fields: await phpFieldsOf(split.parts, unnamedFiles),
    unnamedFiles,
    problem: split.ok
      ? undefined
      : split.failure === 'too-many-parts'
        ? `The multipart body has more than ${limits.parts} parts; PHP reads none after them.`
        : `The multipart body could not be parsed: ${split.reason}.`,
  }
}

async function uploadedFileOf (part: Extract<MultipartPart, { kind: 'file' }>): Promise<UploadedFile> {
  // The bytes are a view into the body: sniffed and hashed, never copied or kept.
  const sniffedType = part.bytes === undefined ? undefined : await sniffFileType(part.bytes)
  const sha256 = part.bytes === undefined ? '' : sha256Hex(part.bytes)
  return new UploadedFile(part.filename, part.declaredType, part.size, sniffedType, sha256, part.tooLarge, part.partial)
}

async function phpFieldsOf (parts: readonly MultipartPart[], unnamedFiles: DroppedFile[]): Promise<Record<string, unknown>> {
  const post = createPhpArray()
  const files = createPhpArray()
  let inputVars = 0
  for (const part of parts) {
    if (part.kind === 'field') {
      if (++inputVars <= MAX_INPUT_VARS) registerPhpVariable(post, part.name, part.value)
      continue
    }
    if (part.noFile) {
      // A browser's empty file input sends an empty filename and no bytes: that one is not noted.
      if (part.size > 0 && unnamedFiles.length < 20) unnamedFiles.push({ name: part.name.slice(0, 128), size: part.size })
      // PHP files it as UPLOAD_ERR_NO_FILE, replacing an upload of that name; Symfony makes it null.
      registerPhpVariable(files, part.name, null)
      continue
    }
    registerPhpVariable(files, part.name, await uploadedFileOf(part))
  }
  return replaceRecursive(post, filterFiles(files))
}

/** Laravel's Request::filterFiles: the nulls of "no file", and arrays left empty, are dropped at every level. */
function filterFiles (table: PhpArray): PhpArray {
  for (const [key, value] of Object.entries(table)) {
    if (isPhpArray(value)) filterFiles(value)
    if (value === null || (isPhpArray(value) && Object.keys(value).length === 0)) delete table[key]
  }
  return table
}

/** PHP's array_replace_recursive, as Laravel's Request::all() lays the files over the input. */
function replaceRecursive (base: PhpArray, over: PhpArray): PhpArray {
  for (const [key, value] of Object.entries(over)) {
    const current = base[key]
    if (isPhpArray(current) && isPhpArray(value)) replaceRecursive(current, value)
    else base[key] = value
  }
  return base
}

/**
 * The parts as busboy gives them (test/http/multipart/multipart-differential.test.ts holds the
 * splitter to busboy through this function): a later part of a name replaces an earlier one,
 * a nameless part lands under "undefined", too many parts is 413 and a broken body 400 E400.
 */
export async function parseMultipart (headers: IncomingHttpHeaders, body: Buffer, limits: MultipartLimits): Promise<Record<string, unknown>> {
  const split = splitMultipart(headers['content-type'], body, limits)
  if (!split.ok && split.failure === 'too-many-parts') {
    throw new ApiError('PAYLOAD_TOO_LARGE', `The multipart body has more than ${limits.parts} parts.`)
  }
  if (!split.ok) throw new ApiError('MALFORMED_BODY', `The multipart body could not be parsed: ${split.reason}.`)
  return await fieldsOf(split.parts)
}

async function fieldsOf (parts: readonly MultipartPart[]): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = Object.create(null)
  for (const part of parts) {
    // A part without a name lands under "undefined", as busboy hands it on.
    const name = String(part.name)
    if (part.kind === 'field') {
      fields[name] = part.value
      continue
    }
    fields[name] = await uploadedFileOf(part)
  }
  return fields
}

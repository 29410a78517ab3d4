import { fileTypeFromBuffer } from 'file-type'

/** Enough bytes for every signature file-type knows of the formats we care about. */
const SNIFF_BYTES = 4100

/**
 * Types that libmagic (PHP's finfo, which Laravel's `mimes` rule asks) reports under the
 * MIME type of an allowed format, while file-type gives them a narrower name.
 */
const FINFO_EQUIVALENT: Readonly<Record<string, string>> = {
  apng: 'png', // finfo: image/png
  ai: 'pdf', // Illustrator files are PDFs to finfo: application/pdf
}

/** The file's type by its leading bytes (file-type's extension name), or undefined. */
export async function sniffFileType (bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.length === 0) return undefined
  const head = bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes
  const type = await fileTypeFromBuffer(head)
  if (type === undefined) return undefined
  return FINFO_EQUIVALENT[type.ext] ?? type.ext
}

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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

function chunkTypeAt (bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3])
}

/**
 * The PNG that clients upload: the signature, a 13-byte IHDR, then an IDAT (png) or acTL
 * (apng) chunk of a non-negative length. file-type reaches PNG only after about a hundred
 * other signatures, none of which can match these first bytes, and then answers png or apng
 * for exactly this start; that walk costs about 41 µs of a 20 KB upload. Anything else, including
 * every malformed PNG, goes to file-type. test/http/multipart/certificate-sniffer.test.ts holds this to it.
 */
function wellFormedPngStart (bytes: Uint8Array): boolean {
  if (bytes.length <= 41) return false
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return false
  // IHDR's length, big-endian, is 13; the next chunk's length is non-negative as an int32.
  if (bytes[8] !== 0 || bytes[9] !== 0 || bytes[10] !== 0 || bytes[11] !== 13 || chunkTypeAt(bytes, 12) !== 'IHDR') return false
  if (bytes[33] >= 0x80) return false
  const second = chunkTypeAt(bytes, 37)
  return second === 'IDAT' || second === 'acTL'
}

/** The file's type by its leading bytes (file-type's extension name), or undefined. */
export async function sniffFileType (bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.length === 0) return undefined
  if (wellFormedPngStart(bytes)) return 'png'
  const head = bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes
  const type = await fileTypeFromBuffer(head)
  if (type === undefined) return undefined
  return FINFO_EQUIVALENT[type.ext] ?? type.ext
}

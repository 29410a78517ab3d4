import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { fileTypeFromBuffer } from 'file-type'
import { describe, expect, it } from 'vitest'
import { sniffFileType } from '../../../server/http/multipart/certificate-sniffer.js'

const certificates = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'certificates')

/** What the sniffer must answer: file-type's verdict on the first 4100 bytes, in finfo's names. */
async function fileTypeVerdict (bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.length === 0) return undefined
  const ext = (await fileTypeFromBuffer(bytes.subarray(0, 4100)))?.ext
  return ext === 'apng' ? 'png' : ext === 'ai' ? 'pdf' : ext
}

const chunkType = fc.oneof(
  fc.constantFrom('IHDR', 'IDAT', 'acTL', 'tEXt', 'CgBI', 'IEND'),
  fc.string({ minLength: 4, maxLength: 4 }),
)
const chunkLength = fc.oneof(
  fc.constant(13),
  fc.integer({ min: -16, max: 64 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(2 ** 31 - 1, -(2 ** 31)),
)
function header (length: number, type: string): Buffer {
  const bytes = Buffer.alloc(8)
  bytes.writeUInt32BE(length >>> 0)
  bytes.write(type, 4, 4, 'latin1')
  return bytes
}

/** Mostly the expected value, so that starts which are well-formed but for one detail are common. */
const usually = <T>(expected: T, otherwise: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(expected) }, { weight: 1, arbitrary: otherwise })

/** PNG-looking starts, well-formed and every way not: the fast path's edge. */
const pngLike = fc.record({
  signature: usually([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 })),
  firstLength: usually(13, chunkLength),
  firstType: usually('IHDR', chunkType),
  firstBody: fc.uint8Array({ minLength: 17, maxLength: 17 }),
  secondLength: chunkLength,
  secondType: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('IDAT', 'acTL') }, { weight: 1, arbitrary: chunkType }),
  // When the second chunk is short, a third header right after it: file-type walks on to it.
  thirdLength: chunkLength,
  thirdType: chunkType,
  tail: fc.uint8Array({ maxLength: 300 }),
  cut: fc.option(fc.integer({ min: 0, max: 400 })),
}).map((png) => {
  const bytes = Buffer.concat([
    Buffer.from(png.signature), header(png.firstLength, png.firstType), png.firstBody,
    header(png.secondLength, png.secondType),
    png.secondLength >= 0 && png.secondLength <= 64 ? Buffer.alloc(png.secondLength + 4, 7) : Buffer.alloc(0),
    header(png.thirdLength, png.thirdType), png.tail,
  ])
  return png.cut === null ? bytes : bytes.subarray(0, png.cut)
})

describe('the certificate sniffer', () => {
  it('answers what file-type answers for every fixture certificate', async () => {
    for (const name of readdirSync(certificates)) {
      const bytes = readFileSync(join(certificates, name))
      expect(await sniffFileType(bytes), name).toBe(await fileTypeVerdict(bytes))
    }
  })

  it('answers what file-type answers for PNG-looking starts, well-formed or not', async () => {
    await fc.assert(fc.asyncProperty(pngLike, async (bytes) => {
      expect(await sniffFileType(bytes)).toBe(await fileTypeVerdict(bytes))
    }), { numRuns: 5000 })
  })

  it('answers what file-type answers for arbitrary bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
      expect(await sniffFileType(bytes)).toBe(await fileTypeVerdict(bytes))
    }), { numRuns: 1000 })
  })

  it('calls a PNG cut off after its first chunk header png only when file-type does', async () => {
    const png = readFileSync(join(certificates, 'certificate-20kb.png'))
    for (const length of [1, 2, 8, 16, 32, 33, 40, 41, 42, 45, 100]) {
      expect(await sniffFileType(png.subarray(0, length)), `first ${length} bytes`).toBe(await fileTypeVerdict(png.subarray(0, length)))
    }
  })
})

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256, sha256Hex } from '../server/http/sha256.js'
import { readCertificate } from './helpers.js'

describe('sha256', () => {
  it('gives what createHash gives, for text and for a file', () => {
    const file = readCertificate('certificate-20kb.png')
    for (const data of ['', 'seed\0HX1\0company', file]) {
      expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'))
      expect(sha256(data).equals(createHash('sha256').update(data).digest())).toBe(true)
    }
  })
})

import * as crypto from 'node:crypto'

// crypto.hash skips the Hash object: 1 µs instead of 3 for a short string, 14 µs instead of 17 for a 20 KB file.

export function sha256Hex (data: string | Uint8Array): string {
  return crypto.hash('sha256', data, 'hex')
}

export function sha256 (data: string | Uint8Array): Buffer {
  return crypto.hash('sha256', data, 'buffer')
}

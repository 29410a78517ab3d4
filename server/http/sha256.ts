import * as crypto from 'node:crypto'

type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'buffer') => string | Buffer

// crypto.hash (Node 20.12+) skips the Hash object: 1 µs instead of 3 for a short string, 14 µs
// instead of 17 for a 20 KB file. Node 20.11 falls back to createHash.
const oneShot = (crypto as unknown as { hash?: OneShot }).hash

export function sha256Hex (data: string | Uint8Array): string {
  return oneShot === undefined ? crypto.createHash('sha256').update(data).digest('hex') : oneShot('sha256', data, 'hex') as string
}

export function sha256 (data: string | Uint8Array): Buffer {
  return oneShot === undefined ? crypto.createHash('sha256').update(data).digest() : oneShot('sha256', data, 'buffer') as Buffer
}

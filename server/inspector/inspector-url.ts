import type { AddressInfo } from 'node:net'
import { INSPECTOR_PATH } from './inspector-routes.js'

/** The inspector's address for a browser on this host: a wildcard listen is reached on loopback. */
export function inspectorUrl (address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}${INSPECTOR_PATH}`
}

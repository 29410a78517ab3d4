import type { AddressInfo } from 'node:net'
import { adminPath } from '../http/admin-route-table.js'

function hostOf (address: string, family: string): string {
  return family === 'IPv6' ? `[${address}]` : address
}

/** The inspector's address for a browser on this host: a wildcard listen is reached on loopback. */
export function inspectorUrl (address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? '127.0.0.1' : hostOf(address.address, address.family)
  return `http://${host}:${address.port}${adminPath('inspector')}`
}

/** The inspector's address as the server is bound (a wildcard host kept): inside a container, no browser address is known. */
export function boundInspectorUrl (address: AddressInfo): string {
  return `http://${hostOf(address.address, address.family)}:${address.port}${adminPath('inspector')}`
}

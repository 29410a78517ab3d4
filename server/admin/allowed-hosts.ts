/*
 * The names the admin API answers for besides localhost and IP addresses (host-guard.ts), as the
 * CLI's --allowed-hosts and startMockServer's allowedHosts give them. Apart from the guard so that
 * reading the configuration does not load Fastify.
 */
import { ConfigError, type Parse } from '../platform/settings.js'

/** Comma-separated host names or addresses, or `*`. */
export const parseHostList: Parse<string[]> = (text, source) => {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '')
  const bad = names.find((name) => name !== '*' && !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)$/.test(name))
  if (names.length === 0 || bad !== undefined) throw new ConfigError(`${source} must be host names or addresses separated by commas, or *; got "${bad ?? text}".`)
  return names
}

import type { Redis } from 'ioredis'
import type { RunScript } from '../platform/redis-scripts.js'
import type { ACCOUNT_SCRIPTS } from './account-scripts.js'

/** Claims to give back because their request was answered 503, until Redis has done so. */
export interface ClaimReleases {
  /** Sends the release now, and again after every reconnection until Redis acknowledges it. */
  add (accountKey: string, setKey: string, token: string, sid: string): void
  /** Releases not yet acknowledged (for tests and health). */
  readonly size: number
}

/** More than this many unacknowledged releases (a long outage) drops the oldest: its claim may stand. */
const MOST_RELEASES = 10_000

/**
 * A release sent on a connection that then drops is lost with it, and the claim it was meant to
 * undo would stand although its request was answered 503. Each release is kept until Redis
 * answers it and sent again on every new connection, before any request's command (the 'ready'
 * listener runs first). A release is idempotent: it removes the claim only while its token is there.
 */
export function createClaimReleases (client: Redis, run: RunScript<keyof typeof ACCOUNT_SCRIPTS>): ClaimReleases {
  const waiting = new Map<string, readonly [string, string, string]>()

  function send (token: string): void {
    const release = waiting.get(token)
    if (release === undefined || client.status !== 'ready') return
    const [accountKey, setKey, sid] = release
    run('mockRelease', [accountKey, setKey], [token, sid]).then(() => { waiting.delete(token) }, () => {})
  }

  client.on('ready', () => { for (const token of waiting.keys()) send(token) })

  return {
    add (accountKey, setKey, token, sid) {
      if (waiting.size >= MOST_RELEASES) waiting.delete(waiting.keys().next().value!)
      waiting.set(token, [accountKey, setKey, sid])
      send(token)
    },
    get size () { return waiting.size },
  }
}

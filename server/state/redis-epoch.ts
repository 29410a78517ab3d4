import type { Redis } from 'ioredis'
import { ApiError } from '../http/errors.js'
import type { StateLog } from './mock-state.js'

export const STATE_LOST_DETAIL = 'The shared state store (Redis) came back empty: accounts claimed before are forgotten. POST /__admin/reset or PUT /__admin/snapshot to go on.'

/**
 * Notices a Redis that comes back empty (restarted without persistence, flushed): the accounts it
 * held would answer I102 again where they answered E937. A marker key is set at the first
 * connection; each reconnection checks that it is still there. Without it, claims are refused with
 * 503 and health says why, on every replica, until the operator starts over (a reset or a snapshot
 * of the default namespace, which set the marker again).
 */
export interface StateEpoch {
  /** Resolves when claims may go on; rejects with the 503 envelope while the state is lost. */
  check (): Promise<void>
  /** Whether claims must call check() first (a reconnection not yet checked, or a lost state). */
  readonly unsure: boolean
  /** The operator started over: the state is known again. */
  acknowledge (): Promise<void>
  useLog (log: StateLog): void
}

export function createStateEpoch (client: Redis, markerKey: string): StateEpoch {
  let state: 'first' | 'ok' | 'verify' | 'lost' = 'first'
  let log: StateLog | undefined
  const lost = (): ApiError => new ApiError('SERVICE_UNAVAILABLE', STATE_LOST_DETAIL)

  client.on('ready', () => {
    if (state === 'first') {
      // The first connection: nothing to compare with, so the marker is set if missing.
      client.set(markerKey, '1', 'NX').then(() => { if (state === 'first') state = 'ok' }, () => {})
    } else if (state === 'ok') {
      state = 'verify'
      epoch.check().catch(() => {})
    }
  })

  const epoch: StateEpoch = {
    async check () {
      if (state === 'ok' || state === 'first') return
      const present = await client.exists(markerKey) === 1
      if (present) {
        if (state === 'lost') log?.info({}, 'state store (Redis): the state was started over; claims go on')
        state = 'ok'
        return
      }
      if (state !== 'lost') log?.error({ detail: STATE_LOST_DETAIL }, 'state store (Redis) came back empty: claims get 503 until POST /__admin/reset or PUT /__admin/snapshot')
      state = 'lost'
      throw lost()
    },
    get unsure () { return state === 'verify' || state === 'lost' },
    async acknowledge () {
      await client.set(markerKey, '1')
      state = 'ok'
    },
    useLog (appLog) { log = appLog },
  }
  return epoch
}

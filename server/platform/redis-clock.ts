import type { Redis } from 'ioredis'
import { beforeDeadline } from './redis-client.js'

/**
 * Redis's clock as seen from here, so a script can be told a request's deadline in Redis's own
 * time (redis.call('TIME')) and refuse to run past it, wherever Redis runs and however its
 * clock is set.
 */
export interface RedisClock {
  /**
   * Redis's time, in milliseconds, at the local moment `at` (performance.now()): never later
   * than the true one, so a script comparing with it refuses a moment early rather than late.
   * Measures the clock first if it was not yet (within `deadline`).
   */
  redisTimeAt (at: number, deadline: number): Promise<number>
  /** Learns from a Redis time (ms) that a reply arriving now carries. */
  observe (redisMs: number): void
}

/** Milliseconds of a TIME reply (seconds and microseconds). */
function timeReplyMs ([seconds, micros]: ReadonlyArray<string | number>): number {
  return Number(seconds) * 1000 + Number(micros) / 1000
}

export function createRedisClock (client: Redis): RedisClock {
  // Redis's time minus ours. A reply read at our `now` was written by Redis before it, so each
  // sample is a lower bound of the true offset; the largest sample is the best such bound.
  let offset: number | undefined
  let measuring: Promise<number> | undefined

  function observe (redisMs: number): void {
    const sample = redisMs - performance.now()
    if (offset === undefined || sample > offset) offset = sample
  }

  function measure (): Promise<number> {
    measuring ??= client.time().then((reply) => {
      observe(timeReplyMs(reply))
      return offset!
    }).finally(() => { measuring = undefined })
    return measuring
  }

  // Another connection may be another Redis (a restart, a failover): learn its clock anew.
  client.on('ready', () => {
    offset = undefined
    measure().catch(() => {})
  })

  return {
    async redisTimeAt (at, deadline) {
      const known = offset ?? await beforeDeadline(measure(), deadline)
      return Math.floor(at + known)
    },
    observe,
  }
}

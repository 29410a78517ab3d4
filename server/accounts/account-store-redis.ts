import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { ACCOUNT_STATES, type AccountRecord, type AccountState, type AccountStore, type AccountsSnapshot, type ActivationIds } from './account-store.js'
import { guarded } from '../state/redis-client.js'
import type { RunScript } from '../state/redis-scripts.js'

export interface RedisStoreOptions {
  client: Redis
  run: RunScript
  /** Prepended to every key, so several mocks can share one Redis. */
  prefix: string
  /** How long a reader waits for a claim's activation before reporting the account without it. */
  pendingWaitMs: number
}

type Hash = Record<string, string>
const PENDING_POLL_MS = 2

function toState (value: string): AccountState {
  return (ACCOUNT_STATES as readonly string[]).includes(value) ? value as AccountState : 'submitted'
}

/**
 * Accounts in Redis. A claim is two scripts: the first checks the account is fresh, takes it,
 * draws the ids from the shared counters and leaves a pending token; the second stores the
 * activation built from those ids, if the token is still there. Readers that meet a pending
 * account wait for the second step (bounded), so none sees a claim without its activation.
 */
export function createRedisStore<A> (options: RedisStoreOptions): AccountStore<A> {
  const { client, run, prefix } = options
  const accountKey = (sid: string): string => `${prefix}account:${sid}`
  const setKey = `${prefix}accounts`
  const countersKey = `${prefix}counters`

  function recordOf (sid: string, state: string, activation: string | null | undefined): AccountRecord<A> {
    return activation === null || activation === undefined || activation === ''
      ? { sid, state: toState(state) }
      : { sid, state: toState(state), activation: JSON.parse(activation) as A }
  }

  async function whilePending<T> (read: () => Promise<{ pending: boolean, value: T }>): Promise<T> {
    const deadline = Date.now() + options.pendingWaitMs
    for (;;) {
      const { pending, value } = await read()
      if (!pending || Date.now() >= deadline) return value
      await sleep(PENDING_POLL_MS)
    }
  }

  return {
    async claim (sid, create) {
      const token = randomUUID()
      const reply = await guarded(() => run('mockClaim', [accountKey(sid), setKey, countersKey], [sid, token])) as [number, string | number, number?, number?]
      if (reply[0] === 0) return { claimed: false, state: toState(String(reply[1])) }
      const ids: ActivationIds = { businessDetailsId: Number(reply[1]), certificateId: Number(reply[2]), phoneNumberId: Number(reply[3]) }
      let activation: A
      try {
        activation = create(ids)
      } catch (error) {
        await guarded(() => run('mockRelease', [accountKey(sid), setKey], [token, sid]))
        throw error
      }
      await guarded(() => run('mockCommit', [accountKey(sid)], [token, JSON.stringify(activation)]))
      return { claimed: true, activation }
    },

    get: (sid) => guarded(() => whilePending(async () => {
      const hash: Hash = await client.hgetall(accountKey(sid))
      if (hash.state === undefined) return { pending: false, value: { sid, state: 'fresh' as const } }
      return { pending: hash.pending !== undefined, value: recordOf(sid, hash.state, hash.activation) }
    })),

    seed: (sid, state) => guarded(async () => {
      const transaction = client.multi().del(accountKey(sid))
      if (state === 'fresh') transaction.srem(setKey, sid)
      else transaction.hset(accountKey(sid), 'state', state).sadd(setKey, sid)
      await transaction.exec()
    }),

    reset: (sid) => guarded(async () => {
      if (sid === undefined) await run('mockResetAll', [setKey, countersKey], [accountKey('')])
      else await client.multi().del(accountKey(sid)).srem(setKey, sid).exec()
    }),

    snapshot: () => guarded(() => whilePending(async () => {
      const [counters, ...rows] = await run('mockSnapshot', [setKey, countersKey], [accountKey('')]) as [Array<string | null>, ...Array<[string, string, string | null, string | null]>]
      rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      const value: AccountsSnapshot<A> = {
        accounts: rows.map(([sid, state, activation]) => recordOf(sid, state, activation)),
        counters: { businessDetailsId: Number(counters[0] ?? 0), certificateId: Number(counters[1] ?? 0), phoneNumberId: Number(counters[2] ?? 0) },
      }
      return { pending: rows.some((row) => row[3] !== null && row[3] !== undefined), value }
    })),

    restore: (snapshot) => guarded(async () => {
      const args: Array<string | number> = [accountKey(''), snapshot.counters.businessDetailsId, snapshot.counters.certificateId, snapshot.counters.phoneNumberId]
      for (const { sid, state, activation } of snapshot.accounts) {
        if (state !== 'fresh') args.push(sid, state, activation === undefined ? '' : JSON.stringify(activation))
      }
      await run('mockRestore', [setKey, countersKey], args)
    }),

    async close () {},
  }
}

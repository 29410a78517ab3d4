import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { ACCOUNT_STATES, pageOfSids, type AccountRecord, type AccountState, type AccountStore, type AccountsSnapshot, type ClaimOutcome } from './account-store.js'
import type { ActivationIds } from '../activation/activation-factory.js'
import { beforeDeadline, connectWithin, isScriptError, storeUnavailable, type Guard } from '../platform/redis-client.js'
import type { ClaimReleases } from './claim-releases.js'
import type { RedisClock } from '../platform/redis-clock.js'
import type { RunScript } from '../platform/redis-scripts.js'
import type { ACCOUNT_SCRIPTS } from './account-scripts.js'

export interface RedisAccountStoreOptions {
  client: Redis
  run: RunScript<keyof typeof ACCOUNT_SCRIPTS>
  /** Prepended to every key, so several mocks can share one Redis. */
  prefix: string
  /** Bounds each call by the request's wait (the store timeout). */
  guard: Guard
  clock: RedisClock
  /**
   * How long before the request's deadline the claim scripts stop taking effect, so that the
   * answer of one that ran in time can still arrive before the deadline.
   */
  replyMarginMs: number
  /** Releases of claims answered 503, kept until Redis has them (shared by every namespace's store on the client). */
  releases: ClaimReleases
  /** Whether Redis still holds what it held (it may have come back empty): claims wait for its word. */
  /** Whether the state is known (state/redis-epoch.ts): claims wait for check() while unsure, and get its 503 if the state was lost. */
  epoch?: { readonly unsure: boolean, check (): Promise<void> }
}

type Hash = Record<string, string>
type SnapshotRow = [string, string, string | null, string | null]
const PENDING_POLL_MS = 2

/** A row of a claim still waiting for its activation (it has a deadline). */
function isPending (row: SnapshotRow): boolean {
  return row[3] !== null && row[3] !== undefined
}

function toState (value: string): AccountState {
  return (ACCOUNT_STATES as readonly string[]).includes(value) ? value as AccountState : 'submitted'
}

/**
 * Accounts in Redis. A claim is two scripts: the first checks the account is fresh, takes it,
 * draws the ids from the shared counters and leaves the claim's token and deadline; the second
 * stores the activation built from those ids, if the claim is still there. Both refuse past the
 * request's deadline by Redis's clock, a claim whose answer came too late is given back, and one
 * that never got its activation (its replica died) counts as fresh after its deadline: a claim
 * answered with an error never uses the account up. Readers that meet a claim between its two
 * steps wait for the second (bounded), so none sees a claim without its activation.
 */
export function createRedisAccountStore<A> (options: RedisAccountStoreOptions): AccountStore<A> {
  const { client, run, prefix, guard, clock, replyMarginMs, releases, epoch } = options
  const accountKey = (sid: string): string => `${prefix}account:${sid}`
  const setKey = `${prefix}accounts`
  const countersKey = `${prefix}counters`

  function recordOf (sid: string, state: string, activation: string | null | undefined): AccountRecord<A> {
    return activation === null || activation === undefined || activation === ''
      ? { sid, state: toState(state) }
      : { sid, state: toState(state), activation: JSON.parse(activation) as A }
  }

  /** Whether a claim's deadline (Redis ms) has surely passed by Redis's clock. */
  async function expired (expires: string, deadline: number): Promise<boolean> {
    return Number(expires) <= await clock.redisTimeAt(performance.now(), deadline)
  }

  /** Reads again while a claim is between its two steps; one that is still there at the deadline is an outage. */
  async function whilePending<T> (deadline: number, read: () => Promise<{ pending: boolean, value: T }>): Promise<T> {
    for (;;) {
      const { pending, value } = await read()
      if (!pending) return value
      if (performance.now() + PENDING_POLL_MS >= deadline) throw storeUnavailable()
      await sleep(PENDING_POLL_MS)
    }
  }

  const get = (sid: string): Promise<AccountRecord<A>> => guard((deadline) => whilePending(deadline, async () => {
    const hash: Hash = await client.hgetall(accountKey(sid))
    if (hash.state === undefined) return { pending: false, value: { sid, state: 'fresh' as const } }
    if (hash.expires !== undefined && await expired(hash.expires, deadline)) {
      // Abandoned (no commit by its deadline): fresh on every replica, and tidied away now.
      await run('mockDropAbandoned', [accountKey(sid), setKey], [sid]).catch(() => {})
      return { pending: false, value: { sid, state: 'fresh' as const } }
    }
    return { pending: hash.expires !== undefined, value: recordOf(sid, hash.state, hash.activation) }
  }))

  /**
   * Whether the commit made the claim final. A reply lost with its connection does not say: then
   * Redis is asked (mockSettle) on the next connection, within the request's deadline, which either
   * finds the commit done or removes the claim so that it can no longer be. A request is answered
   * 503 only when its claim is surely not final, or, with no verdict by its deadline, with the
   * claim's release kept and sent until Redis has it.
   */
  async function commitVerdict (key: string, token: string, activation: string, sid: string, deadline: number): Promise<boolean> {
    try {
      const committed = await beforeDeadline(run('mockCommit', [key, setKey], [token, activation, sid]), deadline)
      // 0: a reset or seed in between took the account; -1: too late, and given back.
      if (committed === 1) return true
      return false
    } catch (error) {
      if (isScriptError(error)) {
        releases.add(key, setKey, token, sid)
        throw error
      }
    }
    while (performance.now() < deadline) {
      await connectWithin(client, deadline - performance.now())
      try {
        return await beforeDeadline(run('mockSettle', [key, setKey], [token, sid]), deadline) === 1
      } catch (error) {
        if (isScriptError(error)) break
        await sleep(PENDING_POLL_MS)
      }
    }
    releases.add(key, setKey, token, sid)
    return false
  }

  return {
    async claim (sid, create, wait) {
      const key = accountKey(sid)
      const token = randomUUID()
      const giveBack = (): void => { releases.add(key, setKey, token, sid) }
      // After a reconnection, and while Redis is known to have come back empty, a claim could answer I102 for an account that had answered E937.
      if (epoch?.unsure === true) await guard(() => epoch.check(), wait)
      // First step: take the account, unfinalised, with the request's deadline.
      const taken = await guard(async (deadline): Promise<ClaimOutcome<A> | { ids: ActivationIds, deadline: number }> => {
        const scriptDeadline = await clock.redisTimeAt(deadline - replyMarginMs, deadline)
        try {
          const reply = await beforeDeadline(run('mockClaim', [key, setKey, countersKey], [sid, token, scriptDeadline]), deadline) as number[]
          clock.observe(Number(reply.at(-1)))
          if (reply[0] === -1) throw storeUnavailable()
          if (reply[0] === 0) return { claimed: false, state: toState(String(reply[1])) }
          return { ids: { businessDetailsId: Number(reply[1]), certificateId: Number(reply[2]), phoneNumberId: Number(reply[3]) }, deadline }
        } catch (error) {
          // A claim whose reply came too late: unfinalised, it reads as fresh past its deadline anyway.
          giveBack()
          throw error
        }
      }, wait)
      if ('claimed' in taken) return taken
      let activation: A
      try {
        activation = create(taken.ids)
      } catch (error) {
        // The builder's own error is not an outage: it is rethrown as it is.
        giveBack()
        throw error
      }
      // Second step: the commit makes the claim final, and its verdict is the answer.
      const started = performance.now()
      try {
        if (await commitVerdict(key, token, JSON.stringify(activation), sid, taken.deadline)) return { claimed: true, activation }
        throw storeUnavailable()
      } finally {
        if (wait !== undefined) wait.spentMs += performance.now() - started
      }
    },

    get,

    async list (page) {
      const { sids, next } = pageOfSids(await guard(() => client.smembers(setKey)), page)
      // Each read is get()'s: it waits out a claim between its two steps; an account reset or abandoned meanwhile is left out.
      const records = await Promise.all(sids.map((sid) => get(sid)))
      return { accounts: records.filter((record) => record.state !== 'fresh'), next }
    },

    seed: (sid, state) => guard(async () => {
      const transaction = client.multi().del(accountKey(sid))
      if (state === 'fresh') transaction.srem(setKey, sid)
      else transaction.hset(accountKey(sid), 'state', state).sadd(setKey, sid)
      await transaction.exec()
    }),

    reset: (sid) => guard(async () => {
      if (sid === undefined) await run('mockResetAll', [setKey, countersKey], [accountKey('')])
      else await client.multi().del(accountKey(sid)).srem(setKey, sid).exec()
    }),

    snapshot: (wait) => guard((deadline) => whilePending(deadline, async () => {
      const [counters, ...rows] = await run('mockSnapshot', [setKey, countersKey], [accountKey('')]) as [Array<string | null>, ...SnapshotRow[]]
      const redisNow = rows.some(isPending) ? await clock.redisTimeAt(performance.now(), deadline) : 0
      // A claim past its deadline without its activation was abandoned: the account is fresh.
      const kept = rows.filter((row) => !isPending(row) || Number(row[3]) > redisNow)
      kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      const value: AccountsSnapshot<A> = {
        accounts: kept.map(([sid, state, activation]) => recordOf(sid, state, activation)),
        counters: { businessDetailsId: Number(counters[0] ?? 0), certificateId: Number(counters[1] ?? 0), phoneNumberId: Number(counters[2] ?? 0) },
      }
      return { pending: kept.some(isPending), value }
    }), wait),

    restore: (snapshot, wait) => guard(async () => {
      const args: Array<string | number> = [accountKey(''), snapshot.counters.businessDetailsId, snapshot.counters.certificateId, snapshot.counters.phoneNumberId]
      for (const { sid, state, activation } of snapshot.accounts) {
        if (state !== 'fresh') args.push(sid, state, activation === undefined ? '' : JSON.stringify(activation))
      }
      await run('mockRestore', [setKey, countersKey], args)
    }, wait),

    async close () {},
  }
}

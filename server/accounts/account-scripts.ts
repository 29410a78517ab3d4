import { REDIS_NOW, type Scripts } from '../platform/redis-scripts.js'

/** The accounts store's scripts: the two-step once-only claim (claim, commit, settle, release, dropping an abandoned claim), reset, snapshot and restore. */
export const ACCOUNT_SCRIPTS = {
  // KEYS: account, accounts set, counters. ARGV: sid, claim token, deadline (Redis ms).
  // Refuses past the deadline: the request was answered 503 by then and must leave no trace.
  // A claim still waiting for its activation past its own deadline was abandoned: it counts
  // as fresh. Returns {1, ids..., now}, {0, state, now}, or {-1, now} when too late.
  mockClaim: [3, `${REDIS_NOW}
    if now >= tonumber(ARGV[3]) then return {-1, now} end
    local a = redis.call('HMGET', KEYS[1], 'state', 'expires')
    if a[1] and a[1] ~= 'fresh' and not (a[2] and tonumber(a[2]) <= now) then return {0, a[1], now} end
    local b = redis.call('HINCRBY', KEYS[3], 'businessDetailsId', 1)
    local c = redis.call('HINCRBY', KEYS[3], 'certificateId', 1)
    local p = redis.call('HINCRBY', KEYS[3], 'phoneNumberId', 1)
    redis.call('DEL', KEYS[1])
    redis.call('HSET', KEYS[1], 'state', 'submitted', 'claim', ARGV[2], 'expires', ARGV[3])
    redis.call('SADD', KEYS[2], ARGV[1])
    return {1, b, c, p, now}`],
  // KEYS: account, accounts set. ARGV: claim token, activation JSON, sid. Makes the claim final:
  // stores the activation if the claim is still there (a reset or seed in between wins: 0) and
  // within its deadline; past it, gives the account back (-1). Until this runs, the claim is not
  // final: past its deadline every replica reads it as fresh.
  mockCommit: [2, `${REDIS_NOW}
    local a = redis.call('HMGET', KEYS[1], 'claim', 'expires')
    if a[1] ~= ARGV[1] or not a[2] then return 0 end
    if now >= tonumber(a[2]) then
      redis.call('DEL', KEYS[1])
      redis.call('SREM', KEYS[2], ARGV[3])
      return -1
    end
    redis.call('HSET', KEYS[1], 'activation', ARGV[2])
    redis.call('HDEL', KEYS[1], 'expires')
    return 1`],
  // KEYS: account, accounts set. ARGV: claim token, sid. Asked when a commit's reply was lost: 1 if
  // that commit made the claim final; otherwise the claim, if still there, is removed (0), so the
  // commit can no longer land and the request's 503 is the truth.
  mockSettle: [2, `
    local a = redis.call('HMGET', KEYS[1], 'claim', 'expires')
    if a[1] ~= ARGV[1] then return 0 end
    if not a[2] then return 1 end
    redis.call('DEL', KEYS[1])
    redis.call('SREM', KEYS[2], ARGV[2])
    return 0`],
  // KEYS: account, accounts set. ARGV: sid. Removes a claim left without its commit past its
  // deadline (its replica died, or its request was answered 503): every replica already reads it
  // as fresh, and the next touch tidies it away.
  mockDropAbandoned: [2, `${REDIS_NOW}
    local expires = redis.call('HGET', KEYS[1], 'expires')
    if not expires or tonumber(expires) > now then return 0 end
    redis.call('DEL', KEYS[1])
    redis.call('SREM', KEYS[2], ARGV[1])
    return 1`],
  // KEYS: account, accounts set. ARGV: claim token, sid. Gives the account back when building the
  // activation failed, or when the claim's answer came too late (it was answered 503), even if
  // the activation was stored: the claim is undone, whichever step it had reached.
  mockRelease: [2, `
    if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 0 end
    redis.call('DEL', KEYS[1])
    redis.call('SREM', KEYS[2], ARGV[2])
    return 1`],
  // KEYS: accounts set, counters. ARGV: account key prefix.
  mockResetAll: [2, `
    local sids = redis.call('SMEMBERS', KEYS[1])
    for _, sid in ipairs(sids) do redis.call('DEL', ARGV[1] .. sid) end
    redis.call('DEL', KEYS[1], KEYS[2])
    return #sids`],
  // KEYS: accounts set, counters. ARGV: account key prefix. Rows: sid, state, activation, and the
  // deadline of a claim still waiting for its activation.
  mockSnapshot: [2, `
    local counters = redis.call('HMGET', KEYS[2], 'businessDetailsId', 'certificateId', 'phoneNumberId')
    local out = {counters}
    for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
      local a = redis.call('HMGET', ARGV[1] .. sid, 'state', 'activation', 'expires')
      if a[1] then table.insert(out, {sid, a[1], a[2], a[3]}) end
    end
    return out`],
  // KEYS: accounts set, counters. ARGV: account key prefix, 3 counters, then sid/state/activation ('' for none) triples.
  mockRestore: [2, `
    for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', ARGV[1] .. sid) end
    redis.call('DEL', KEYS[1], KEYS[2])
    redis.call('HSET', KEYS[2], 'businessDetailsId', ARGV[2], 'certificateId', ARGV[3], 'phoneNumberId', ARGV[4])
    for i = 5, #ARGV, 3 do
      local key = ARGV[1] .. ARGV[i]
      redis.call('HSET', key, 'state', ARGV[i + 1])
      if ARGV[i + 2] ~= '' then redis.call('HSET', key, 'activation', ARGV[i + 2]) end
      redis.call('SADD', KEYS[1], ARGV[i])
    end
    return 1`],
} as const satisfies Scripts

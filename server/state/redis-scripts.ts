import type { Redis } from 'ioredis'

/**
 * Every multi-step change to the shared state is one Lua script, so Redis runs it without
 * interleaving another replica's commands. Keys outside KEYS (an account's hash, found from
 * the accounts set) are built from a prefix in ARGV: this needs a standalone Redis, not a cluster.
 */
// Redis's own clock, in milliseconds (TIME is allowed before writes: effects replication).
const NOW = `
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`

const SCRIPTS = {
  // KEYS: account, accounts set, counters. ARGV: sid, claim token, deadline (Redis ms).
  // Refuses past the deadline: the request was answered 503 by then and must leave no trace.
  // A claim still waiting for its activation past its own deadline was abandoned: it counts
  // as fresh. Returns {1, ids..., now}, {0, state, now}, or {-1, now} when too late.
  mockClaim: [3, `${NOW}
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
  mockCommit: [2, `${NOW}
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
  mockDropAbandoned: [2, `${NOW}
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
  // KEYS: an index set. ARGV: key prefix. Deletes every key the index names, then the index.
  mockClearIndexed: [1, `
    for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', ARGV[1] .. name) end
    redis.call('DEL', KEYS[1])
    return 1`],
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
  // KEYS: journal list, journal total. ARGV: entry JSON without seq, capacity. Returns the seq.
  mockJournalRecord: [2, `
    local seq = redis.call('INCR', KEYS[2])
    redis.call('LPUSH', KEYS[1], '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2))
    redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
    return seq`],
  // KEYS: faults list. ARGV: fault JSON, most faults kept.
  mockFaultAdd: [1, `
    redis.call('RPUSH', KEYS[1], ARGV[1])
    while redis.call('LLEN', KEYS[1]) > tonumber(ARGV[2]) do redis.call('LPOP', KEYS[1]) end
    return 1`],
  // KEYS: faults list. ARGV: '1' and the SID, or '0' for a request without one; deadline (Redis
  // ms), past which the request was already answered and must not use a fault up. Takes the
  // oldest fault for the SID, else the oldest for any SID (as pickFault in fault-store-memory.ts);
  // a null remaining count lasts until cleared.
  mockFaultTake: [1, `${NOW}
    if now >= tonumber(ARGV[3]) then return false end
    local faults = redis.call('LRANGE', KEYS[1], 0, -1)
    local chosen, index
    for i, raw in ipairs(faults) do
      local fault = cjson.decode(raw)
      if ARGV[1] == '1' and fault.sid == ARGV[2] then
        chosen, index = fault, i
        break
      end
      if fault.sid == cjson.null and chosen == nil then chosen, index = fault, i end
    end
    if chosen == nil then return false end
    if chosen.remaining == cjson.null then return faults[index] end
    chosen.remaining = chosen.remaining - 1
    local encoded = cjson.encode(chosen)
    if chosen.remaining <= 0 then
      redis.call('LSET', KEYS[1], index - 1, '__taken__')
      redis.call('LREM', KEYS[1], 1, '__taken__')
    else
      redis.call('LSET', KEYS[1], index - 1, encoded)
    end
    return encoded`],
} as const satisfies Record<string, readonly [number, string]>

type ScriptName = keyof typeof SCRIPTS
export type RunScript = (name: ScriptName, keys: string[], args: Array<string | number>) => Promise<unknown>

/** Registers the scripts (ioredis sends EVALSHA and reloads them after a Redis restart). */
export function defineScripts (client: Redis): RunScript {
  for (const [name, [numberOfKeys, lua]] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys, lua })
  const commands = client as unknown as Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>
  return (name, keys, args) => commands[name](...keys, ...args)
}

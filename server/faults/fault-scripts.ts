import { REDIS_NOW, type Scripts } from '../platform/redis-scripts.js'

/** The fault store's scripts: adding within the cap, and taking a matching fault once. */
export const FAULT_SCRIPTS = {
  // KEYS: faults list. ARGV: fault JSON, most faults kept.
  mockFaultAdd: [1, `
    redis.call('RPUSH', KEYS[1], ARGV[1])
    while redis.call('LLEN', KEYS[1]) > tonumber(ARGV[2]) do redis.call('LPOP', KEYS[1]) end
    return 1`],
  // KEYS: faults list. ARGV: '1' and the SID, or '0' for a request without one; deadline (Redis
  // ms), past which the request was already answered and must not use a fault up. Takes the
  // oldest fault for the SID, else the oldest for any SID (as pickFault in fault-store-memory.ts);
  // a null remaining count lasts until cleared.
  mockFaultTake: [1, `${REDIS_NOW}
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
} as const satisfies Scripts

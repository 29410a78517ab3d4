import type { Scripts } from '../platform/redis-scripts.js'

/** The journal's script: numbering and appending an entry in one step. */
export const JOURNAL_SCRIPTS = {
  // KEYS: journal list, journal total. ARGV: entry JSON without seq, capacity. Returns the seq.
  mockJournalRecord: [2, `
    local seq = redis.call('INCR', KEYS[2])
    redis.call('LPUSH', KEYS[1], '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2))
    redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
    return seq`],
} as const satisfies Scripts

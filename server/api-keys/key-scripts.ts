import type { Scripts } from '../platform/redis-scripts.js'

/** The key registry's script: clearing every key its index names. */
export const KEY_SCRIPTS = {
  // KEYS: an index set. ARGV: key prefix. Deletes every key the index names, then the index.
  mockClearIndexed: [1, `
    for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', ARGV[1] .. name) end
    redis.call('DEL', KEYS[1])
    return 1`],
} as const satisfies Scripts

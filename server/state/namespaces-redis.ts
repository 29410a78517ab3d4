import type { Redis } from 'ioredis'
import type { Guard } from '../platform/redis-client.js'

/** The key prefix of a named namespace; names hold no ':' (http/namespace-prefix.ts), so no two namespaces' keys meet. */
export function namespacePrefix (prefix: string, name: string): string {
  return `${prefix}ns:${name}:`
}

/** A prefix as a SCAN pattern matching itself only. */
function literalPattern (text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

const SCAN_BATCH = 1000

/** Every key under a pattern, a batch at a time; each batch is one store call, bounded by the store's timeout. */
async function forEachKeyBatch (client: Redis, guard: Guard, pattern: string, visit: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await guard(() => client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH))
    if (keys.length > 0) await visit(keys)
    cursor = next
  } while (cursor !== '0')
}

/**
 * The named namespaces in Redis are found by their keys, not by a list of names: a namespace
 * exists while it holds a key, on every replica at once, and dropping it deletes its keys. There
 * is nothing to keep in step between replicas, and nothing left behind by a replica that died.
 */
export function createRedisNamespaceIndex (client: Redis, guard: Guard, prefix: string) {
  const base = `${prefix}ns:`
  return {
    async names (): Promise<string[]> {
      const names = new Set<string>()
      await forEachKeyBatch(client, guard, `${literalPattern(base)}*`, async (keys) => {
        for (const key of keys) {
          const end = key.indexOf(':', base.length)
          if (end > base.length) names.add(key.slice(base.length, end))
        }
      })
      return [...names].sort()
    },
    async drop (name: string): Promise<void> {
      await forEachKeyBatch(client, guard, `${literalPattern(namespacePrefix(prefix, name))}*`, async (keys) => {
        await guard(() => client.unlink(...keys))
      })
    },
  }
}

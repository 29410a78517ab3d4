import type { Redis } from 'ioredis'

/**
 * Every multi-step change to the shared state is one Lua script, so Redis runs it without
 * interleaving another replica's commands. Keys outside KEYS (an account's hash, found from
 * the accounts set) are built from a prefix in ARGV: this needs a standalone Redis, not a cluster.
 */
// Redis's own clock, in milliseconds (TIME is allowed before writes: effects replication).
export const REDIS_NOW = `
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`

/** Lua scripts by command name: how many of their arguments are KEYS, and the script. */
export type Scripts = Record<string, readonly [number, string]>

/** Runs one of `names` with its keys and arguments; a backend is given the runner of its own scripts. */
export type RunScript<Name extends string = string> = (name: Name, keys: string[], args: Array<string | number>) => Promise<unknown>

/**
 * Registers the scripts (ioredis sends EVALSHA and reloads them after a Redis restart). Each
 * feature keeps its scripts beside its Redis backend; the state that assembles the backends
 * registers them all on its one client.
 */
export function defineScripts<Defined extends Scripts> (client: Redis, scripts: Defined): RunScript<keyof Defined & string> {
  for (const [name, [numberOfKeys, lua]] of Object.entries(scripts)) client.defineCommand(name, { numberOfKeys, lua })
  const commands = client as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>
  return (name, keys, args) => commands[name](...keys, ...args)
}

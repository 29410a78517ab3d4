import type { MockState } from './mock-state.js'
import { createMemoryState } from './mock-state.js'

/** Where state lives: this process's memory (optionally kept in a file), or a Redis shared by replicas. */
export type StateConfig =
  | { kind: 'memory', stateFile?: string }
  | { kind: 'redis', url: string, prefix: string, timeoutMs: number }

export interface OpenStateOptions {
  journalCapacity?: number
  /** Told when Redis goes away and comes back. */
  onStatus?: (reachable: boolean, detail: string) => void
}

/** The state backend the configuration asks for. */
export async function openState (config: StateConfig, options: OpenStateOptions = {}): Promise<MockState> {
  // Each backend is loaded only when asked for: start-up in memory needs neither the Redis
  // client nor the snapshot check (TypeBox).
  if (config.kind === 'redis') return (await import('./redis-state.js')).createRedisState({ ...config, ...options })
  if (config.stateFile !== undefined) return (await import('./state-file.js')).createFileState(config.stateFile, options)
  return createMemoryState(options)
}

import type { StoreConfig } from './config.js'
import type { MockState } from './mock-state.js'
import { createMemoryState } from './mock-state.js'
import { createRedisState } from './redis-state.js'
import { createFileState } from './state-file.js'

export interface OpenStateOptions {
  journalCapacity?: number
  /** Told when Redis goes away and comes back. */
  onStatus?: (reachable: boolean, detail: string) => void
}

/** The state backend the configuration asks for. */
export async function openState (store: StoreConfig, options: OpenStateOptions = {}): Promise<MockState> {
  if (store.kind === 'redis') return createRedisState({ ...store, ...options })
  if (store.stateFile !== undefined) return createFileState(store.stateFile, options)
  return createMemoryState(options)
}

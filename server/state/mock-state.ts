import { CONFIG_DEFAULTS } from '../cli/config-options.js'
import type { AccountStore } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import type { FaultStore } from '../faults/fault-store.js'
import type { Journal } from '../journal/journal.js'
import { createMemoryKeyRegistry, type KeyRegistry } from '../api-keys/key-registry.js'
import { createMemoryAccountStore } from '../accounts/account-store-memory.js'
import { createMemoryJournal } from '../journal/journal-memory.js'
import { createMemoryFaultStore } from '../faults/fault-store-memory.js'

/** What /__admin/health says about the state backend. */
interface StateHealth {
  backend: 'memory' | 'redis'
  /** False while the backend cannot serve (Redis unreachable, state file not writable). */
  ok: boolean
  detail?: string
}

/** Where a backend reports trouble; pino's signature, so the app's logger fits. */
export interface StateLog {
  info (details: object, message: string): void
  warn (details: object, message: string): void
  error (details: object, message: string): void
}

/** Everything the mock remembers, owned by one app instance; one backend provides all of it. */
export interface MockState {
  accounts: AccountStore<Activation>
  journal: Journal
  faults: FaultStore
  /** Api-keys registered at run time by provider states. */
  keys: KeyRegistry
  health (): Promise<StateHealth>
  /** Takes the app's logger; buildApp hands it over (the state is opened before the app exists). */
  useLog? (log: StateLog): void
  /** Releases the backend (connections, pending writes); the app calls it on close. */
  close (): Promise<void>
}

export interface MemoryStateOptions {
  journalCapacity?: number
}

export const DEFAULT_JOURNAL_CAPACITY = CONFIG_DEFAULTS.journalSize

export function createMemoryState (options: MemoryStateOptions = {}): MockState {
  const accounts = createMemoryAccountStore<Activation>()
  return {
    accounts,
    journal: createMemoryJournal(options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY),
    faults: createMemoryFaultStore(),
    keys: createMemoryKeyRegistry(),
    async health () { return { backend: 'memory', ok: true } },
    close: () => accounts.close(),
  }
}

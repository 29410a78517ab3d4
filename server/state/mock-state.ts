import type { AccountStore } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import type { FaultStore } from '../faults/fault-store.js'
import { DEFAULT_JOURNAL_CAPACITY, type Journal } from '../journal/journal.js'
import type { KeyRegistry } from '../api-keys/key-registry.js'
import { createMemoryJournal } from '../journal/journal-memory.js'
import { createMemoryNamespaces, createMemoryNamespaceState } from './namespaces-memory.js'
import type { StoreWait } from '../platform/store-wait.js'
import type { StateHealth } from './state-health.js'

/** Where a backend reports trouble; pino's signature, so the app's logger fits. */
export interface StateLog {
  info (details: object, message: string): void
  warn (details: object, message: string): void
  error (details: object, message: string): void
}

/** What one namespace remembers; the same SID in two namespaces is two accounts. */
export interface NamespaceState {
  accounts: AccountStore<Activation>
  journal: Journal
  faults: FaultStore
  /** Api-keys registered at run time by provider states. */
  keys: KeyRegistry
}

/**
 * Everything the mock remembers, owned by one app instance; one backend provides all of it.
 * Its own accounts, journal, faults and keys are the default namespace's (URLs without /ns/).
 */
export interface MockState extends NamespaceState {
  /** A named namespace's state (/ns/{name}/…), made on first use; the name has passed the rule in http/namespace-prefix.ts. */
  namespace (name: string): NamespaceState
  /** The names of the namespaces that hold anything, sorted; the default one is not among them. */
  namespaces (wait?: StoreWait): Promise<string[]>
  /** Forgets a namespace entirely: its accounts, id counters, journal, faults and keys. */
  dropNamespace (name: string, wait?: StoreWait): Promise<void>
  health (): Promise<StateHealth>
  /** Takes the app's logger; buildApp hands it over (the state is opened before the app exists). */
  useLog? (log: StateLog): void
  /** Releases the backend (connections, pending writes); the app calls it on close. */
  close (): Promise<void>
}

export interface MemoryStateOptions {
  journalCapacity?: number
}

export function createMemoryState (options: MemoryStateOptions = {}): MockState {
  const journalCapacity = options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY
  const root = createMemoryNamespaceState(createMemoryJournal(journalCapacity))
  const named = createMemoryNamespaces(journalCapacity)
  return {
    ...root,
    namespace: named.get,
    namespaces: async () => named.names(),
    dropNamespace: async (name) => { named.drop(name) },
    async health () { return { backend: 'memory', ok: true } },
    close: () => root.accounts.close(),
  }
}

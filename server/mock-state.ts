import type { AccountStore } from './account-store.js'
import type { Activation } from './activation-factory.js'
import type { FaultStore } from './fault-store.js'
import type { Journal } from './journal.js'
import { createMemoryStore } from './memory-store.js'
import { createMemoryJournal } from './journal-memory.js'
import { createMemoryFaults } from './fault-store-memory.js'

/** Everything the mock remembers, owned by one app instance; one backend provides all of it. */
export interface MockState {
  accounts: AccountStore<Activation>
  journal: Journal
  faults: FaultStore
}

export interface MemoryStateOptions {
  journalCapacity?: number
}

export const DEFAULT_JOURNAL_CAPACITY = 1000

export function createMemoryState (options: MemoryStateOptions = {}): MockState {
  return {
    accounts: createMemoryStore<Activation>(),
    journal: createMemoryJournal(options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY),
    faults: createMemoryFaults(),
  }
}

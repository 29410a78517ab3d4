import type { Activation } from '../activation/activation-factory.js'
import { createMemoryAccountStore } from '../accounts/account-store-memory.js'
import { createMemoryKeyRegistry } from '../api-keys/key-registry.js'
import { createMemoryFaultStore } from '../faults/fault-store-memory.js'
import type { Journal } from '../journal/journal.js'
import { createMemoryJournal } from '../journal/journal-memory.js'
import type { NamespaceState } from './mock-state.js'

/**
 * How many named namespaces one process keeps, and how many journal entries they keep in all.
 * A namespace costs a few hundred bytes until it is used; what it holds is its journal (up to
 * the journal's capacity), its faults and keys (bounded as the default namespace's are) and its
 * accounts. A client making namespaces in a loop, or a suite making one per test, meets these
 * bounds: past either, the least recently used namespaces are forgotten first. A suite's own
 * namespaces are the most recently used ones, so it never meets them (8 workers use 8 at once).
 */
const NAMESPACE_LIMITS = {
  namespaces: 10_000,
  /** About 100 MB of journal at most (entries are clipped to about 1 KB). */
  journalEntries: 100_000,
}

export interface MemoryNamespaces {
  get (name: string): NamespaceState
  names (): string[]
  drop (name: string): void
}

/** One namespace's stores in this process's memory; `journal` is given so it can be counted. */
export function createMemoryNamespaceState (journal: Journal): NamespaceState {
  return {
    accounts: createMemoryAccountStore<Activation>(),
    journal,
    faults: createMemoryFaultStore(),
    keys: createMemoryKeyRegistry(),
  }
}

interface Space {
  state: NamespaceState
  /** Journal entries it holds now. */
  held: number
}

/** The named namespaces of one memory backend, made on first use and bounded (NAMESPACE_LIMITS). */
export function createMemoryNamespaces (journalCapacity: number, limits = NAMESPACE_LIMITS): MemoryNamespaces {
  // A Map keeps insertion order: a namespace used again moves to the end, so the first is the least recently used.
  const spaces = new Map<string, Space>()
  let newest: string | undefined
  let entries = 0

  function drop (name: string): void {
    const space = spaces.get(name)
    if (space === undefined) return
    spaces.delete(name)
    entries -= space.held
    if (newest === name) newest = undefined
  }

  function evictBut (keep: string): void {
    for (const name of spaces.keys()) {
      if (spaces.size <= limits.namespaces && entries <= limits.journalEntries) return
      if (name !== keep) drop(name)
    }
  }

  /** The journal with a count of what it holds, so the bound on all namespaces' entries can be kept. */
  function countedJournal (name: string, space: () => Space | undefined): Journal {
    const journal = createMemoryJournal(journalCapacity)
    return {
      ...journal,
      record (entry, wait) {
        const counted = space()
        if (counted !== undefined && counted.held < journalCapacity) {
          counted.held++
          entries++
          if (entries > limits.journalEntries) evictBut(name)
        }
        return journal.record(entry, wait)
      },
      async clear () {
        const counted = space()
        if (counted !== undefined) {
          entries -= counted.held
          counted.held = 0
        }
        await journal.clear()
      },
    }
  }

  function make (name: string): Space {
    let space: Space | undefined
    // A namespace already forgotten (its state still held by a request in flight) counts no more.
    const current = (): Space | undefined => spaces.get(name) === space ? space : undefined
    space = { state: createMemoryNamespaceState(countedJournal(name, current)), held: 0 }
    return space
  }

  return {
    get (name) {
      let space = spaces.get(name)
      if (space === undefined) {
        space = make(name)
        spaces.set(name, space)
        evictBut(name)
      } else if (newest !== name) {
        spaces.delete(name)
        spaces.set(name, space)
      }
      newest = name
      return space.state
    },
    names: () => [...spaces.keys()].sort(),
    drop,
  }
}

import { wholeNumber } from '../platform/settings.js'
import type { StoreWait } from '../platform/store-wait.js'
import type { CertificateDescription, FaultNote, JournalEntry, JournalPage, RequestsQuery } from './journal-schemas.js'

export type { CertificateDescription, FaultNote, JournalEntry, JournalPage }

/** Requests the journal keeps unless told otherwise (MOCK_JOURNAL_SIZE), and how many it may be told to. */
export const DEFAULT_JOURNAL_CAPACITY = 1000
export const parseJournalCapacity = wholeNumber(1, 1_000_000)

/** What chooses a page of the journal: the admin query without its wait. */
export type JournalFilter = Omit<RequestsQuery, 'wait'>

/** The bounded request journal. Backends: memory (journal-memory.ts) and Redis (journal-redis.ts). */
export interface Journal {
  /**
   * Done at once (undefined) when the journal is in this process; a promise when writing is I/O,
   * bounded by what is left of the request's `wait` on the store.
   */
  record (entry: Omit<JournalEntry, 'seq'>, wait?: StoreWait): void | Promise<void>
  list (filter?: JournalFilter): Promise<JournalPage>
  clear (): Promise<void>
  /** Calls `listener` after each entry this process records; returns the unsubscribe. */
  watch (listener: () => void): () => void
  /**
   * True when other processes write to this journal too (Redis): a wait for a new entry then
   * also reads again now and then, as watch() hears only this process's entries.
   */
  readonly shared: boolean
}

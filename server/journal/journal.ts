import { wholeNumber } from '../platform/settings.js'
import type { StoreWait } from '../platform/store-wait.js'
import type { CertificateDescription, FaultNote, JournalEntry } from './journal-schemas.js'

export type { CertificateDescription, FaultNote, JournalEntry }

/** Requests the journal keeps unless told otherwise (MOCK_JOURNAL_SIZE), and how many it may be told to. */
export const DEFAULT_JOURNAL_CAPACITY = 1000
export const parseJournalCapacity = wholeNumber(1, 1_000_000)

export interface JournalPage {
  /** Newest first. */
  entries: JournalEntry[]
  /**
   * Entries matching the filter, whatever the limit. Without a sid, code, status or rule filter: every
   * request since the last clear, dropped ones included (`since` aside, so a poller sees a clear as a
   * total below its last seq). With one: the matching entries the journal still holds, after `since`
   * when given (a dropped entry is not kept, so `dropped` > 0 means older ones may be missing).
   */
  total: number
  /** Entries of any SID pushed out by the bound since the last clear. */
  dropped: number
  capacity: number
}

export interface JournalFilter {
  sid?: string
  /** An inner code (E413, E937, I102…) or an outer one (E939 finds every activation failure). */
  code?: string
  status?: number
  rule?: string
  /** Only entries numbered after this seq (a poller's last one). */
  since?: number
  limit?: number
}

/** The bounded request journal. Backends: memory (journal-memory.ts), later shared ones. */
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

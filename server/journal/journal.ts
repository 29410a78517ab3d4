import { wholeNumber } from '../platform/settings.js'
import type { StoreWait } from '../platform/store-wait.js'

/** Requests the journal keeps unless told otherwise (MOCK_JOURNAL_SIZE), and how many it may be told to. */
export const DEFAULT_JOURNAL_CAPACITY = 1000
export const parseJournalCapacity = wholeNumber(1, 1_000_000)

/** What the journal keeps of one request: never the certificate bytes, never the api-key. */
export interface JournalEntry {
  /** Sequence number, increasing across the whole journal (and across replicas sharing one). */
  seq: number
  time: string
  method: string
  path: string
  sid: string | null
  contentType: string | null
  /**
   * The request headers the client chose (user-agent, accept, idempotency-key, x-request-id, …), by
   * lower-case name; never api-key, authorization, proxy-authorization or cookie.
   */
  headers: Record<string, string>
  /** `sent`: whether an api-key header came; `hash`: the first 12 hex digits of the SHA-256 of its UTF-8 bytes. */
  apiKey: { sent: boolean, hash: string | null }
  /** Parsed text fields; a file part appears as its description. */
  fields: Record<string, unknown>
  certificate: CertificateDescription | null
  status: number
  /** Milliseconds from the request's arrival to its answer (or to the end of a dropped or hung one). */
  durationMs: number
  code: string | null
  /** The rule that rejected the request (e.g. "integer", "already_submitted"), or null. */
  rule: string | null
  /** For a validation error, the field the rule rejected. */
  parameter?: string | null
  /** Only when the body had file parts with bytes but no filename, which PHP dropped as no file. */
  unnamedFiles?: Array<{ name: string, size: number }>
  /** Only when an injected fault acted on the request: which, and what it did. */
  fault?: FaultNote
}

/** What an injected fault did to one request, as the journal shows it. */
export interface FaultNote {
  id: string
  kind: string
  /** For a sequence: which step this request got, counted from 1, of how many. */
  step?: number
  steps?: number
  /** The Retry-After it answered with, in seconds, when it did. */
  retryAfter?: number
  /** What it did, in a sentence: "answered 503 with Retry-After: 2", "delayed the answer by 153 ms". */
  did: string
}

export interface CertificateDescription {
  filename: string
  declaredType: string
  sniffedType: string | null
  size: number
  sha256: string
}

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

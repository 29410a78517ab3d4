import { ACTIVATION_CREATED } from '../activation/activation-schemas.js'
import { ERRORS } from '../http/errors.js'
import type { JournalEntry, JournalFilter } from './journal.js'

/** Each inner code's outer one (E413 and E937 are E939); the others are their own. */
const OUTER_CODES: ReadonlyMap<string, string> = new Map([
  ...Object.values(ERRORS).map((entry) => [entry.errorCode, entry.code] as const),
  [ACTIVATION_CREATED.code, ACTIVATION_CREATED.code],
])

/** Whether the filter names anything but `since` and `limit` (the journal's total then counts matches). */
export function filtersEntries (filter: JournalFilter): boolean {
  return filter.sid !== undefined || filter.code !== undefined || filter.status !== undefined || filter.rule !== undefined
}

/** Whether an entry passes the sid, code (inner or outer), status and rule filters. */
export function matchesFilter (entry: Pick<JournalEntry, 'sid' | 'status' | 'rule' | 'code'>, filter: JournalFilter): boolean {
  if (filter.sid !== undefined && entry.sid !== filter.sid) return false
  if (filter.status !== undefined && entry.status !== filter.status) return false
  if (filter.rule !== undefined && entry.rule !== filter.rule) return false
  if (filter.code !== undefined && entry.code !== filter.code && (entry.code === null || OUTER_CODES.get(entry.code) !== filter.code)) return false
  return true
}

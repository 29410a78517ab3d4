/** The shapes the page reads from the admin API (server/inspector/explain-entry.ts and the admin schemas beside each feature: server/journal/journal-schemas.ts, server/faults/fault-schemas.ts, server/accounts/account-schemas.ts). */
// Type-only imports: esbuild erases them, so none of the server's code reaches the page.
import type { AccountState } from '../server/accounts/account-store.js'
import type { Fault, FaultStep } from '../server/faults/fault-store.js'
import type { JournalEntry } from '../server/journal/journal.js'

export interface Entry extends JournalEntry {
  explanation: {
    summary: string
    sentence: string
    certificateMismatch: string | null
    envelope: unknown
    outerCode: string | null
  }
}

export interface EntriesPage {
  entries: Entry[]
  total: number
  dropped: number
  capacity: number
}

export interface Account {
  sid: string
  state: AccountState
  activation: unknown
}

export interface AccountPage {
  accounts: Account[]
  next: string | null
}

export type { Fault, FaultStep }
export type { ClientReport } from '../server/mock-client.js'

/** The shapes the page reads from the admin API (server/inspector/explain-entry.ts and server/admin/admin-schemas.ts). */

interface Certificate {
  filename: string
  declaredType: string
  sniffedType: string | null
  size: number
  sha256: string
}

export interface Entry {
  seq: number
  time: string
  method: string
  path: string
  sid: string | null
  contentType: string | null
  apiKey: { sent: boolean, hash: string | null }
  fields: Record<string, unknown>
  certificate: Certificate | null
  status: number
  code: string | null
  rule: string | null
  parameter?: string | null
  explanation: {
    summary: string
    sentence: string
    certificateMismatch: string | null
    envelope: unknown
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
  state: 'fresh' | 'submitted' | 'active_channel'
  activation: unknown
}

export interface AccountPage {
  accounts: Account[]
  next: string | null
}

export interface Fault {
  id: string
  kind: 'delay' | 'status' | 'drop'
  sid: string | null
  remaining: number
  delayMs?: number
  status?: 500 | 503
}

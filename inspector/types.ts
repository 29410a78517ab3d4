/**
 * The shapes the page reads from the admin API, each derived from the schema the server answers
 * with (server/inspector/inspector-schemas.ts and the admin schemas beside each feature).
 * Type-only imports: esbuild erases them, so none of the server's code reaches the page.
 */
export type { ExplainedEntry as Entry, InspectorPage as EntriesPage } from '../server/inspector/inspector-schemas.js'
export type { AccountView as Account, AccountPage } from '../server/accounts/account-schemas.js'
export type { Fault, FaultStep } from '../server/faults/fault-schemas.js'
export type { ClientReport } from '../server/mock-client.js'

/** The package's entry: start a mock from your own tests, or build the app to inject into. */
export { startMockServer, type AccountView, type AdminClient, type MockServer, type MockServerOptions } from './start-mock-server.js'
export { buildApp, DEFAULT_LIMITS, type AppOptions, type Limits } from './app.js'
export { ACCOUNT_STATES, type AccountState } from './accounts/account-store.js'
export type { Fault, FaultKind } from './faults/fault-store.js'
export type { JournalEntry, JournalPage, JournalFilter } from './journal/journal.js'
export type { FaultBody } from './faults/fault-schemas.js'
export type { Activation, SuccessEnvelope } from './activation/activation-schemas.js'
export type { ErrorEnvelope } from './http/error-envelope.js'

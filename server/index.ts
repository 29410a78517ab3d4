/** The package's entry: start a mock from your own tests, or build the app to inject into. */
export { startMockServer, type MockServer, type MockServerOptions } from './start-mock-server.js'
export { connectMockServer, type AccountView, type AdminClient, type MockConnection, type MockNamespace, type RequestsExpectation, type RequestsFilter, type ClientReport } from './mock-client.js'
export { buildApp, DEFAULT_LIMITS, type AppOptions, type Limits } from './app.js'
export { ACCOUNT_STATES, type AccountState } from './accounts/account-store.js'
export type { Fault, FaultKind } from './faults/fault-store.js'
export type { JournalEntry, JournalPage, JournalFilter } from './journal/journal.js'
export type { FaultBody } from './admin/admin-schemas.js'
export type { Activation, ErrorEnvelope, SuccessEnvelope } from './activation/activation-schemas.js'

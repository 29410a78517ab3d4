import { afterEach } from 'vitest'
import type { MockState } from '../../server/state/mock-state.js'
import { describeAccountsContract } from './accounts-contract.js'
import { describeRecordsContract } from './records-contract.js'
import { describeNamespacesContract } from './namespaces-contract.js'

export type OpenState = (options: { journalCapacity?: number }) => Promise<MockState>
export type NewState = (options?: { journalCapacity?: number }) => Promise<MockState>

/** The behaviour every state backend must have; each backend's test file runs it. */
export function describeStateBackend (backend: string, open: OpenState): void {
  const opened: MockState[] = []
  const state: NewState = async (options = {}) => {
    const created = await open(options)
    opened.push(created)
    return created
  }
  afterEach(async () => { await Promise.all(opened.splice(0).map((s) => s.close())) })
  describeAccountsContract(backend, state)
  describeRecordsContract(backend, state)
  describeNamespacesContract(backend, state)
}

import { createMemoryState } from '../../server/state/mock-state.js'
import { describeStateBackend } from '../support/state-contract.js'

describeStateBackend('memory', async (options) => createMemoryState(options))

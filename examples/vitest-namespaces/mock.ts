import { inject } from 'vitest'
// A client team imports from 'kaleyra-whatsapp-activation-mock/client' (HTTP only, no server code).
import { connectMockServer } from '../../server/mock-client.js'

/** The run's one mock; each test takes a namespace of it with mock.namespace(). */
export const mock = connectMockServer(inject('mockUrl'))

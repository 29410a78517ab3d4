import { Verifier, type VerifierOptions } from '@pact-foundation/pact'
import { buildApp } from '../../server/app.js'

/*
 * What a JS provider team writes: pact-js's Verifier with state handlers that drive the app's own
 * state. Run by test/contract/provider-verification.test.ts in a child process (node --import tsx), because
 * Pact's native verifier prints its report to the process's stdout: there it goes into a pipe the
 * test reads. Sends { outcome } (the verifier's JSON results, or its error) over IPC.
 */

type Params = Record<string, string>
type StateHandlers = Record<string, { setup: (params?: unknown) => Promise<undefined>, teardown: (params?: unknown) => Promise<undefined> }>

const pact = process.argv[2]
const app = await buildApp()
const url = await app.listen({ port: 0, host: '127.0.0.1' })
const account = (state: 'fresh' | 'submitted' | 'active_channel') => ({
  setup: async (params?: unknown) => { await app.state.accounts.seed((params as Params).sid, state); return undefined },
  teardown: async (params?: unknown) => { await app.state.accounts.reset((params as Params).sid); return undefined },
})
const stateHandlers: StateHandlers = {
  'account {sid} has not submitted an activation request': account('fresh'),
  'account {sid} has already submitted an activation request': account('submitted'),
  'account {sid} has an active WhatsApp channel': account('active_channel'),
  'api-key {apiKey} is valid for account {sid}': {
    setup: async (params?: unknown) => { await app.authenticator.register((params as Params).sid, (params as Params).apiKey); return undefined },
    teardown: async (params?: unknown) => { await app.authenticator.unregister((params as Params).sid, (params as Params).apiKey); return undefined },
  },
}
const outcome = await new Verifier({
  provider: 'kaleyra-whatsapp-activation-api',
  providerBaseUrl: url,
  pactUrls: [pact],
  logLevel: 'error',
  // pact-js types stateHandlers as HTTP and message handlers at once; HTTP ones are what it calls here.
  stateHandlers: stateHandlers as unknown as VerifierOptions['stateHandlers'],
}).verifyProvider().then((text) => text, (error: Error) => error.message)
await app.close()
process.send!({ outcome }, () => process.disconnect())

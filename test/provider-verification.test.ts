import { join } from 'node:path'
import { Verifier, type VerifierOptions } from '@pact-foundation/pact'
import { Verifier as CoreVerifier } from '@pact-foundation/pact-core'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../server/app.js'

const PACT = join(import.meta.dirname, '..', 'contracts', 'pacts', 'kaleyra-activation-client-kaleyra-whatsapp-activation-api.json')
const INTERACTION_COUNT = 8

const running: FastifyInstance[] = []
afterEach(async () => { await Promise.all(running.splice(0).map((app) => app.close())) })

async function startMock (): Promise<{ app: FastifyInstance, url: string }> {
  const app = await buildApp()
  running.push(app)
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) }
}

interface Results { result: boolean, interactionResults: Array<{ description: string, result: string }> }

function expectEveryInteractionVerified (output: string): void {
  const results = JSON.parse(output) as Results
  expect(results.result).toBe(true)
  expect(results.interactionResults.map(({ result }) => result)).toEqual(Array(INTERACTION_COUNT).fill('OK'))
}

type Params = Record<string, string>
type StateHandlers = Record<string, { setup: (params?: unknown) => Promise<undefined>, teardown: (params?: unknown) => Promise<undefined> }>

describe('the committed pact, verified against the mock', () => {
  it('holds with the JS verifier\'s state handlers', async () => {
    const { app, url } = await startMock()
    // What a JS provider team writes: handlers that drive the app's own state.
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
    const output = await new Verifier({
      provider: 'kaleyra-whatsapp-activation-api',
      providerBaseUrl: url,
      pactUrls: [PACT],
      logLevel: 'error',
      // pact-js types stateHandlers as HTTP and message handlers at once; HTTP ones are what it calls here.
      stateHandlers: stateHandlers as unknown as VerifierOptions['stateHandlers'],
    }).verifyProvider()
    expectEveryInteractionVerified(output)
  })

  it('holds through the state-change endpoint, as a verifier in any language calls it', async () => {
    const { url } = await startMock()
    const output = await new CoreVerifier({
      provider: 'kaleyra-whatsapp-activation-api',
      providerBaseUrl: url,
      pactUrls: [PACT],
      providerStatesSetupUrl: `${url}/__admin/provider-states`,
      providerStatesSetupTeardown: true,
      providerStatesSetupBody: true,
      logLevel: 'error',
    }).verify()
    expectEveryInteractionVerified(output)
  })

  it('fails through the state-change endpoint when the states are left out', async () => {
    const { app, url } = await startMock()
    // Without the api-key state the contract's key is refused: only the wrong-key interaction can hold.
    await app.authenticator.register('HXAP16XXXXX071US', 'some-other-key')
    const outcome = await new CoreVerifier({
      provider: 'kaleyra-whatsapp-activation-api',
      providerBaseUrl: url,
      pactUrls: [PACT],
      logLevel: 'error',
    }).verify().then(() => 'passed', (error: Error) => error.message)
    const results = JSON.parse(outcome) as Results
    expect(results.result).toBe(false)
    expect(results.interactionResults.filter(({ result }) => result === 'OK').map(({ description }) => description))
      .toEqual(['an activation request with an api-key not valid for the account'])
  })
})

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { runVerifier, type VerifierRun } from '../../server/contract/verifier-process.js'

const ROOT = join(import.meta.dirname, '..', '..')
const PACT = join(ROOT, 'contracts', 'pacts', 'kaleyra-activation-client-kaleyra-whatsapp-activation-api.json')
const INTERACTION_COUNT = 8

const running: FastifyInstance[] = []
afterEach(async () => { await Promise.all(running.splice(0).map((app) => app.close())) })

async function startMock (): Promise<{ app: FastifyInstance, url: string }> {
  const app = await buildApp()
  running.push(app)
  return { app, url: await app.listen({ port: 0, host: '127.0.0.1' }) }
}

interface Results { result: boolean, interactionResults: Array<{ description: string, result: string }> }

function expectEveryInteractionVerified ({ outcome, output }: VerifierRun): void {
  const results = JSON.parse(outcome) as Results
  expect(results.result).toBe(true)
  expect(results.interactionResults.map(({ result }) => result)).toEqual(Array(INTERACTION_COUNT).fill('OK'))
  // The verifier's own report (coloured), captured rather than printed into the test run.
  const report = stripVTControlCharacters(output)
  expect(report).toMatch(/Verifying a pact between kaleyra-activation-client and kaleyra-whatsapp-activation-api/)
  // Every interaction is named in the report, not only counted in the results.
  for (const { description } of results.interactionResults) expect(report).toContain(description)
}

/** test/support/js-verifier.ts in a child process, its output captured. */
async function verifyWithJsStateHandlers (): Promise<VerifierRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', 'js-verifier.ts'), PACT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  let outcome = ''
  child.once('message', (message) => { outcome = (message as { outcome: string }).outcome })
  await once(child, 'close')
  return { outcome, output }
}

describe('the committed pact, verified against the mock', () => {
  it('holds with the JS verifier\'s state handlers', async () => {
    expectEveryInteractionVerified(await verifyWithJsStateHandlers())
  })

  it('holds through the state-change endpoint, as a verifier in any language calls it', async () => {
    const { url } = await startMock()
    expectEveryInteractionVerified(await runVerifier({
      provider: 'kaleyra-whatsapp-activation-api',
      providerBaseUrl: url,
      pactUrls: [PACT],
      providerStatesSetupUrl: `${url}/__admin/provider-states`,
      providerStatesSetupTeardown: true,
      providerStatesSetupBody: true,
      logLevel: 'error',
    }))
  })

  it('fails through the state-change endpoint when the states are left out', async () => {
    const { app, url } = await startMock()
    // Without the api-key state the contract's key is refused: only the wrong-key interaction can hold.
    await app.authenticator.register('HXAP16XXXXX071US', 'some-other-key')
    const { outcome, output } = await runVerifier({
      provider: 'kaleyra-whatsapp-activation-api',
      providerBaseUrl: url,
      pactUrls: [PACT],
      logLevel: 'error',
    })
    const results = JSON.parse(outcome) as Results
    expect(results.result).toBe(false)
    expect(results.interactionResults.filter(({ result }) => result === 'OK').map(({ description }) => description))
      .toEqual(['an activation request with an api-key not valid for the account'])
    expect(output).toMatch(/There were 7 pact failures/)
    expect(output).toMatch(/Verification unsuccessful/)
  })
})

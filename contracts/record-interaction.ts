import { setTimeout as sleep } from 'node:timers/promises'
import { MatchersV3, type PactV4, type Rule, type Rules } from '@pact-foundation/pact'
import { makeConsumerPact, type ConsumerPact } from '@pact-foundation/pact-core'
import { createActivationClient, UnexpectedResponseError, type ActivationFields, type ActivationResult, type Certificate } from './client/activation-client.js'
import { buildActivationMultipart } from './client/multipart.js'
import { BOUNDARY, CONSUMER, FIELDS, PROVIDER, SID, type ContractInteraction } from './activation-interactions.js'

/** How long the mock server gets to record a request it has already answered; a bound for a hang, not a speed target. */
const RECORD_WAIT_MS = 10_000

/**
 * Resolves once Pact's mock server on `port` has recorded the one request the client sent, as a
 * match or as a mismatch. Since pact 16.3 the mock server records a request on a separate task,
 * which may run after its answer has reached the client, while executeTest reads the record as
 * soon as the test function returns: under CPU load it then reports the request "expected but
 * not received" (pact-foundation/pact-core-mock-server#13). The mock server's record is global
 * by port, so any handle of the Pact core can read it.
 */
async function untilRecorded (core: ConsumerPact, port: number): Promise<void> {
  const recorded = (): boolean => core.mockServerMatchedSuccessfully(port) ||
    core.mockServerMismatches(port).some((result) => !('type' in result) || result.type !== 'missing-request')
  const deadline = performance.now() + RECORD_WAIT_MS
  while (!recorded() && performance.now() < deadline) await sleep(1)
}

/**
 * Pact's binary body carries a content-type rule on the whole body, which the multipart
 * matcher would apply to every part; each text field is pinned to its exact value instead,
 * and the certificate part to a file of its type, whatever its bytes ("a PNG", not "this PNG").
 */
function multipartRules (fields: ActivationFields, certificateType: string | undefined): Rules {
  const rules: Rule[] = Object.keys(fields).map((name) => ({ path: `$.${name}`, rules: [{ 'pact:matcher:type': 'equality' }] }))
  if (certificateType !== undefined) rules.push({ path: '$.business_certificate', rules: [{ 'pact:matcher:type': 'contentType', value: certificateType }] })
  return { body: rules }
}

/** What the client actually sends; the contract's own request unless a test says otherwise. */
export interface SentRequest {
  fields: ActivationFields
  certificate: Certificate | null
  /** The client's own random boundary when null. */
  boundary?: string | null
}

/**
 * Describes one interaction to the Pact mock server and plays it through the reference
 * client, which is what makes it a consumer test. Returns what the client made of the reply.
 */
export async function recordInteraction (pact: PactV4, interaction: ContractInteraction, sent: SentRequest = { fields: FIELDS, certificate: interaction.certificate }): Promise<ActivationResult | undefined> {
  const { contentType, body } = buildActivationMultipart(FIELDS, interaction.certificate, BOUNDARY)
  let unconfigured = pact.addInteraction()
  for (const state of interaction.states) unconfigured = unconfigured.given(state.name, state.params)
  return await unconfigured
    .uponReceiving(interaction.description)
    .withRequest('POST', `/v1/${SID}/whatsapp/activation`, (request) => {
      // Any boundary will do: the recorded one only makes the pact file reproducible.
      request.headers({ 'api-key': interaction.apiKey, 'Content-Type': MatchersV3.regex('^multipart/form-data; ?boundary=.+$', contentType) })
      request.body(contentType, body)
      request.matchingRules(multipartRules(FIELDS, interaction.certificate?.contentType))
    })
    .willRespondWith(interaction.status, (response) => {
      response.headers({ 'Content-Type': MatchersV3.regex('^application/json(;.*)?$', 'application/json; charset=utf-8') })
      response.jsonBody(interaction.body)
    })
    .executeTest(async (mockServer) => {
      const client = createActivationClient({ baseUrl: mockServer.url, apiKey: interaction.apiKey, boundary: sent.boundary === null ? undefined : BOUNDARY })
      // A request the contract does not allow gets Pact's 500; let Pact report the mismatch.
      const result = await client.submitActivation(SID, sent.fields, sent.certificate).catch((error: unknown) => {
        if (error instanceof UnexpectedResponseError && error.status === 500) return undefined
        throw error
      })
      // The client has its answer; executeTest checks the mock server's record next, so it must be there.
      await untilRecorded(makeConsumerPact(CONSUMER, PROVIDER, 4, 'error'), mockServer.port)
      return result
    })
}

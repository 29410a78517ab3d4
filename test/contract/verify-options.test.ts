import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError, verifierOptions } from '../../server/contract/verify-options.js'

const PACTS = join(import.meta.dirname, '..', '..', 'contracts', 'pacts')
const PACT = join(PACTS, 'kaleyra-activation-client-kaleyra-whatsapp-activation-api.json')

describe('the options of kaleyra-mock verify', () => {
  it('expands a folder into the pact files in it', async () => {
    expect(await verifierOptions([PACTS])).toEqual({
      provider: 'kaleyra-whatsapp-activation-api',
      pactUrls: [PACT],
      failIfNoPactsFound: true,
    })
  })

  it('asks a broker for the main-branch and deployed versions of the named consumers', async () => {
    expect(await verifierOptions(['--broker-url', 'https://broker.example.com', '--consumer', 'web', '--broker-token', 't0k'])).toEqual({
      provider: 'kaleyra-whatsapp-activation-api',
      pactUrls: [],
      pactBrokerUrl: 'https://broker.example.com',
      consumerVersionSelectors: [{ mainBranch: true, consumer: 'web' }, { deployedOrReleased: true, consumer: 'web' }],
      pactBrokerToken: 't0k',
      failIfNoPactsFound: true,
    })
  })

  it('takes explicit selectors and publishes results as a provider version', async () => {
    const options = await verifierOptions(['--broker-url', 'https://broker.example.com', '--selector', '{"branch":"feat-x"}', '--publish', '1.4.0', '--provider-branch', 'main'])
    expect(options).toMatchObject({
      consumerVersionSelectors: [{ branch: 'feat-x' }],
      publishVerificationResult: true,
      providerVersion: '1.4.0',
      providerVersionBranch: 'main',
    })
  })

  it.each([
    [['--selector', 'not json', '--broker-url', 'https://b'], '--selector is not JSON: not json'],
    [[PACT, '--publish', '1.0.0'], '--publish needs --broker-url.'],
    [[join(PACTS, '..', 'client')], `No .json pact files in ${join(PACTS, '..', 'client')}`],
  ])('refuses %j with a usage error', async (argv, message) => {
    await expect(verifierOptions(argv)).rejects.toThrow(new UsageError(message))
  })
})

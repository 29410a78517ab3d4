import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MatchersV3 } from '@pact-foundation/pact'
import type { ActivationFields, Certificate } from './client/types.js'
import { STATES } from './provider-states.js'

const { integer, like, regex } = MatchersV3

export const CONSUMER = 'kaleyra-activation-client'
export const PROVIDER = 'kaleyra-whatsapp-activation-api'
export const PACT_FILE = `${CONSUMER}-${PROVIDER}.json`

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
export const SID = 'HXAP16XXXXX071US'
export const API_KEY = 'Ac4XXXXX21f'
/** Fixed so the recorded request bytes, and so the pact file, are the same on every run. */
export const BOUNDARY = '--------------------------kaleyra-activation-contract'
export const FIELDS = JSON.parse(readFileSync(join(FIXTURES, 'requests', 'valid-activation.json'), 'utf8')) as ActivationFields

function fixture (path: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, 'responses', path), 'utf8'))
}

export function certificate (file: string, contentType: string): Certificate {
  return { bytes: readFileSync(join(FIXTURES, 'certificates', file)), filename: file, contentType }
}

const DIGITS = '^[0-9]+$'

/**
 * The success body: exact codes, messages and echoed fields; matchers for what the server
 * generates (ids, company, namespace, timestamps, WABA id) and for the geocoded country,
 * which the real service fills below country level.
 */
function successBody (fields: ActivationFields): unknown {
  const timestamp = regex(DIGITS, '1768478400')
  const user = regex(DIGITS, '1767306534')
  const company = like('Z5c0xxc')
  return {
    code: 'I102',
    message: 'Activation request created successfully.',
    data: [{
      business_details: {
        id: integer(1),
        company_id: company,
        business_id: fields.business_id,
        business_name: fields.business_name,
        certificate_id: integer(1),
        status: 2,
        namespace: regex('^[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}$', 'd79ed875_6f72_8806_ae71_bba1b55e2595'),
        created_at: timestamp,
        modified_at: timestamp,
        created_by: user,
        modified_by: user,
        waba_id: regex(DIGITS, '8211093103837424'),
      },
      phone_number: {
        created_by: user,
        created_at: timestamp,
        company_id: company,
        name: fields.display_name,
        incoming_url: fields.incoming_url ?? '',
        phone_number: fields.wa_number,
        country: like('united states'),
        status: 2,
        iso_code: 'US',
        id: integer(1),
      },
      template: '',
    }],
    error: {},
  }
}

export interface ContractInteraction {
  description: string
  states: ReadonlyArray<{ name: string, params: Record<string, string> }>
  apiKey: string
  certificate: Certificate | null
  status: number
  body: unknown
}

/** The account's state, and the api-key the client uses made valid for it. */
function accountIn (name: string): ContractInteraction['states'] {
  return [{ name, params: { sid: SID } }, { name: STATES.apiKeyValid, params: { apiKey: API_KEY, sid: SID } }]
}

const freshAccount = accountIn(STATES.notSubmitted)

const PNG = certificate('certificate.png', 'image/png')

/** Every documented interaction of the endpoint, plus the wrong api-key. */
export const INTERACTIONS: readonly ContractInteraction[] = [
  { description: 'an activation request with a PNG certificate', states: freshAccount, apiKey: API_KEY, certificate: PNG, status: 200, body: successBody(FIELDS) },
  { description: 'an activation request with a JPEG certificate', states: freshAccount, apiKey: API_KEY, certificate: certificate('certificate.jpg', 'image/jpeg'), status: 200, body: successBody(FIELDS) },
  { description: 'an activation request with a PDF certificate', states: freshAccount, apiKey: API_KEY, certificate: certificate('certificate.pdf', 'application/pdf'), status: 200, body: successBody(FIELDS) },
  { description: 'an activation request without a certificate', states: freshAccount, apiKey: API_KEY, certificate: null, status: 400, body: fixture('documented-certificate-required.json') },
  { description: 'an activation request with a GIF certificate', states: freshAccount, apiKey: API_KEY, certificate: certificate('certificate.gif', 'image/gif'), status: 400, body: fixture('documented-certificate-type.json') },
  { description: 'a second activation request for the account', states: accountIn(STATES.alreadySubmitted), apiKey: API_KEY, certificate: PNG, status: 400, body: fixture('documented-already-submitted.json') },
  { description: 'an activation request for an account with an active WhatsApp channel', states: accountIn(STATES.activeChannel), apiKey: API_KEY, certificate: PNG, status: 400, body: fixture('documented-already-submitted.json') },
  { description: 'an activation request with an api-key not valid for the account', states: freshAccount, apiKey: 'Ak-not-this-accounts-key', certificate: PNG, status: 401, body: fixture('inferred/api-key-invalid.json') },
]

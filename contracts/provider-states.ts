/**
 * The provider-state vocabulary the pacts use, word for word as the README and the mock's
 * state-change endpoint (POST /__admin/provider-states) know it. Values go in the params.
 */
export const STATES = {
  notSubmitted: 'account {sid} has not submitted an activation request',
  alreadySubmitted: 'account {sid} has already submitted an activation request',
  activeChannel: 'account {sid} has an active WhatsApp channel',
  apiKeyValid: 'api-key {apiKey} is valid for account {sid}',
} as const

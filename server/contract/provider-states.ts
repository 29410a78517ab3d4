import type { AccountStore } from '../accounts/account-store.js'
import type { KeyRegistry } from '../api-keys/key-registry.js'
import { ApiError } from '../http/errors.js'

/**
 * The provider-state vocabulary of the contracts, one template per state. A verifier may send
 * the template with the values in `params` (Pact's way) or the state with values written in.
 */
export const PROVIDER_STATES = {
  notSubmitted: 'account {sid} has not submitted an activation request',
  alreadySubmitted: 'account {sid} has already submitted an activation request',
  activeChannel: 'account {sid} has an active WhatsApp channel',
  apiKeyValid: 'api-key {apiKey} is valid for account {sid}',
} as const

type ProviderStateName = keyof typeof PROVIDER_STATES
export type StateAction = 'setup' | 'teardown'

export interface ResolvedState {
  name: ProviderStateName
  values: Record<string, string>
}

const PLACEHOLDER = /\{(\w+)\}/g

export function templatePattern (template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
  return new RegExp('^' + escaped.replace(/\\?\{(\w+)\\?\}/g, '(?<$1>\\S+)') + '$')
}

const PATTERNS = Object.entries(PROVIDER_STATES).map(([name, template]) => ({
  name: name as ProviderStateName,
  template,
  pattern: templatePattern(template),
  placeholders: [...template.matchAll(PLACEHOLDER)].map((match) => match[1]),
}))

const KNOWN = Object.values(PROVIDER_STATES).map((template) => `"${template}"`).join(', ')

/** Finds the state and its values; params win over values written into the state. */
export function resolveProviderState (state: string, params: Record<string, unknown> = {}): ResolvedState {
  for (const { name, template, pattern, placeholders } of PATTERNS) {
    const match = pattern.exec(state.trim())
    if (match === null) continue
    const values: Record<string, string> = {}
    for (const key of placeholders) {
      const param = params[key]
      const written = match.groups?.[key]
      const value = typeof param === 'string' || typeof param === 'number' ? String(param) : written !== `{${key}}` ? written : undefined
      if (value === undefined || value === '') throw new ApiError('BAD_REQUEST', `The provider state "${template}" needs a value for ${key} (in params or in the state).`)
      values[key] = value
    }
    return { name, values }
  }
  throw new ApiError('PROVIDER_STATE_UNKNOWN', `"${state}" is not a provider state of this mock. Known states: ${KNOWN}.`)
}

export interface ProviderStateTargets {
  accounts: Pick<AccountStore, 'seed' | 'reset'>
  keys: Pick<KeyRegistry, 'add' | 'remove'>
}

/** Sets a state up, or tears it down (the account forgotten, the key unregistered). */
export async function applyProviderState (targets: ProviderStateTargets, { name, values }: ResolvedState, action: StateAction): Promise<void> {
  const { accounts, keys } = targets
  if (name === 'apiKeyValid') {
    if (action === 'setup') await keys.add(values.sid, values.apiKey)
    else await keys.remove(values.sid, values.apiKey)
    return
  }
  if (action === 'teardown') return accounts.reset(values.sid)
  const seeded = { notSubmitted: 'fresh', alreadySubmitted: 'submitted', activeChannel: 'active_channel' } as const
  await accounts.seed(values.sid, seeded[name])
}

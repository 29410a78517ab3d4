import { readFile } from 'node:fs/promises'
import { ApiError } from '../http/errors.js'
import { PROVIDER_STATES, resolveProviderState } from './provider-states.js'

interface PactInteraction {
  description?: string
  providerState?: string
  providerStates?: Array<{ name?: string, params?: Record<string, unknown> }>
}

/**
 * The verifier only says "a state change handler failed"; reading the local pact files first
 * lets the report name each state the mock does not know, and list the ones it does.
 */
export async function unknownStateHints (files: string[]): Promise<string[]> {
  const unknown = new Map<string, string>()
  for (const file of files) {
    if (/^https?:\/\//i.test(file)) continue
    let interactions: PactInteraction[]
    try {
      interactions = (JSON.parse(await readFile(file, 'utf8')) as { interactions?: PactInteraction[] }).interactions ?? []
    } catch {
      continue // the verifier reports an unreadable pact itself
    }
    for (const interaction of interactions) {
      const states = interaction.providerStates ?? (interaction.providerState === undefined ? [] : [{ name: interaction.providerState }])
      for (const { name, params } of states) {
        if (name === undefined || unknown.has(name)) continue
        try {
          resolveProviderState(name, params ?? {})
        } catch (error) {
          if (error instanceof ApiError && error.errorName === 'PROVIDER_STATE_UNKNOWN') unknown.set(name, interaction.description ?? '')
        }
      }
    }
  }
  if (unknown.size === 0) return []
  return [
    ...[...unknown].map(([state, description]) => `Unknown provider state "${state}" (in "${description}").`),
    'The mock knows these provider states (values in params or written in):',
    ...Object.values(PROVIDER_STATES).map((template) => `  ${template}`),
  ]
}

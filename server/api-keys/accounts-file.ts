import { readFile } from 'node:fs/promises'
import type { AccountCredentials } from './authenticator.js'
import { ConfigError } from '../platform/settings.js'

/** Reads MOCK_ACCOUNTS_FILE: a JSON list of {sid, apiKey}. */
export async function readAccountsFile (path: string): Promise<AccountCredentials[]> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(`MOCK_ACCOUNTS_FILE ${path} could not be read as JSON: ${(error as Error).message}`)
  }
  const valid = Array.isArray(parsed) && parsed.every((entry) =>
    typeof entry === 'object' && entry !== null &&
    typeof entry.sid === 'string' && entry.sid !== '' &&
    typeof entry.apiKey === 'string' && entry.apiKey !== '')
  if (!valid) throw new ConfigError(`MOCK_ACCOUNTS_FILE ${path} must hold a JSON list of {"sid": "...", "apiKey": "..."} with non-empty strings.`)
  return (parsed as AccountCredentials[]).map(({ sid, apiKey }) => ({ sid, apiKey }))
}

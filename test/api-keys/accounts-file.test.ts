import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAccountsFile } from '../../server/api-keys/accounts-file.js'
import { ConfigError } from '../../server/platform/settings.js'
import { FIXTURES, readJsonFixture } from '../support/helpers.js'

function tempFile (content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'accounts-')), 'accounts.json')
  writeFileSync(path, content)
  return path
}

describe('the accounts file', () => {
  it('reads the shipped example as sid/api-key pairs', async () => {
    const accounts = await readAccountsFile(join(FIXTURES, 'accounts.example.json'))
    expect(accounts).toEqual(readJsonFixture('accounts.example.json'))
    for (const account of accounts) expect(Object.keys(account)).toEqual(['sid', 'apiKey'])
  })

  it.each([
    ['not JSON', '{'],
    ['not a list', '{"sid": "a", "apiKey": "b"}'],
    ['an entry without an apiKey', '[{"sid": "a"}]'],
    ['an empty sid', '[{"sid": "", "apiKey": "b"}]'],
  ])('fails with a ConfigError naming the variable for %s', async (_name, content) => {
    const path = tempFile(content)
    await expect(readAccountsFile(path)).rejects.toThrow(ConfigError)
    await expect(readAccountsFile(path)).rejects.toThrow(/^MOCK_ACCOUNTS_FILE /)
  })

  it('fails with a ConfigError for a file that does not exist', async () => {
    await expect(readAccountsFile('/nonexistent/accounts.json')).rejects.toThrow(ConfigError)
  })
})

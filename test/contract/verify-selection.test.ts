import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runVerifyCommand, VERIFIER_REPORT_HEADING } from '../../server/cli/verify-command.js'

const PACT_FILE = join(import.meta.dirname, '..', '..', 'contracts', 'pacts', 'kaleyra-activation-client-kaleyra-whatsapp-activation-api.json')
const OWN_PACT = JSON.parse(readFileSync(PACT_FILE, 'utf8')) as { consumer: { name: string }, provider: { name: string }, interactions: unknown[] }
const dir = mkdtempSync(join(tmpdir(), 'mock-verify-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A pact a client keeps beside ours for another service; against this mock it could only fail. */
const PAYMENTS_PACT = {
  consumer: { name: 'shop' },
  provider: { name: 'payments-api' },
  interactions: [{ description: 'a payment', request: { method: 'POST', path: '/payments' }, response: { status: 201 } }],
  metadata: { pactSpecification: { version: '2.0.0' } },
}

let folders = 0
function folderWith (pacts: Record<string, unknown>): string {
  const folder = join(dir, `pacts-${++folders}`)
  mkdirSync(folder)
  for (const [name, pact] of Object.entries(pacts)) writeFileSync(join(folder, name), JSON.stringify(pact))
  return folder
}

async function verify (...argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runVerifyCommand(argv, {
    stdout: { write: (text: string) => { stdout += text }, isTTY: false },
    stderr: { write: (text: string) => { stderr += text } },
  })
  return { code, stdout, stderr }
}

describe('kaleyra-mock verify on a folder of pacts for several providers', () => {
  it('skips a pact for another provider with one line, and verifies the rest', async () => {
    const folder = folderWith({ 'ours.json': OWN_PACT, 'payments.json': PAYMENTS_PACT })
    const { code, stdout, stderr } = await verify(folder)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`Skipping ${join(folder, 'payments.json')}: a pact for provider payments-api, not kaleyra-whatsapp-activation-api`)
    expect(lines.filter((line) => line.startsWith('Skipping'))).toHaveLength(1)
    expect(lines.at(-1)).toBe(`${OWN_PACT.interactions.length} interactions: ${OWN_PACT.interactions.length} passed, 0 failed`)
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('fails when every pact it was given is for another provider', async () => {
    const folder = folderWith({ 'payments.json': PAYMENTS_PACT })
    const { code, stdout, stderr } = await verify(folder)
    expect(stdout).toBe(`Skipping ${join(folder, 'payments.json')}: a pact for provider payments-api, not kaleyra-whatsapp-activation-api\n`)
    expect(stderr).toBe('kaleyra-mock verify: nothing to verify: every pact given is for another provider than kaleyra-whatsapp-activation-api (--provider)\n')
    expect(code).toBe(1)
  })

  it('verifies the other provider\'s pact when --provider names it', async () => {
    const folder = folderWith({ 'ours.json': OWN_PACT, 'payments.json': PAYMENTS_PACT })
    const { code, stdout } = await verify(folder, '--provider', 'payments-api')
    expect(stdout.split('\n')[0]).toBe(`Skipping ${join(folder, 'ours.json')}: a pact for provider kaleyra-whatsapp-activation-api, not payments-api`)
    expect(stdout).toContain('1 interaction: 0 passed, 1 failed\n')
    expect(code).toBe(1)
  })
})

describe('kaleyra-mock verify with nothing to check', () => {
  it('exits 1 on an empty pact, saying there are no interactions for the provider from its consumer', async () => {
    const folder = folderWith({ 'empty.json': { ...OWN_PACT, interactions: [] } })
    const { code, stdout, stderr } = await verify(folder)
    expect(stderr).toBe('kaleyra-mock verify: no interactions for provider kaleyra-whatsapp-activation-api from consumer kaleyra-activation-client\n')
    expect(stdout).not.toContain('0 interactions')
    expect(code).toBe(1)
  })

  it('exits 1 when --consumer matches no pact, naming that consumer', async () => {
    const { code, stdout, stderr } = await verify(PACT_FILE, '--consumer', 'nobody')
    expect(stderr).toBe('kaleyra-mock verify: no interactions for provider kaleyra-whatsapp-activation-api from consumer nobody\n')
    expect(stdout).not.toContain('0 interactions')
    expect(code).toBe(1)
  })
})

describe('the verifier\'s report as kaleyra-mock verify prints it', () => {
  it('holds no log lines of the native library\'s JavaScript wrapper', async () => {
    const { stdout } = await verify('--verbose', PACT_FILE)
    const report = stdout.slice(stdout.indexOf(VERIFIER_REPORT_HEADING))
    expect(report).toContain('Verifying a pact between kaleyra-activation-client and kaleyra-whatsapp-activation-api')
    expect(report).not.toContain('pact-core@')
    expect(report).not.toMatch(/^\[[\d:.]+\] (INFO|WARN|DEBUG)/m)
  })
})

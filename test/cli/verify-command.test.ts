import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runVerifyCommand, VERIFIER_REPORT_HEADING } from '../../server/cli/verify-command.js'

const CONTRACTS = join(import.meta.dirname, '..', '..', 'contracts')
const BAD = join(CONTRACTS, 'bad-pacts')

async function verify (...argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return verifyTo({ isTTY: false }, ...argv)
}

async function verifyTo (terminal: { isTTY: boolean }, ...argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runVerifyCommand(argv, {
    stdout: { write: (text: string) => { stdout += text }, isTTY: terminal.isTTY },
    stderr: { write: (text: string) => { stderr += text } },
  })
  return { code, stdout, stderr }
}

/** The mock's summary without the first line, which names the random port; the verifier's report is after it. */
function report (stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n')
  const heading = lines.indexOf(VERIFIER_REPORT_HEADING)
  return lines.slice(1, heading === -1 ? undefined : heading - 1)
}

/** What the Pact verifier itself printed, after the mock's summary. */
function verifierReport (stdout: string): string {
  const at = stdout.indexOf(`\n${VERIFIER_REPORT_HEADING}\n`)
  return at === -1 ? '' : stdout.slice(at + VERIFIER_REPORT_HEADING.length + 2)
}

/** Whether the text holds terminal control sequences, as Rust's coloured report does (ESC[1m, ESC[31m). */
function hasColour (text: string): boolean {
  return stripVTControlCharacters(text) !== text
}

afterEach(() => { vi.unstubAllEnvs() })

describe('kaleyra-mock verify', () => {
  it('passes the project\'s own pacts, one line per interaction', async () => {
    const { code, stdout } = await verify(join(CONTRACTS, 'pacts'))
    expect(report(stdout)).toEqual([
      '  OK      a second activation request for the account',
      '  OK      an activation request for an account with an active WhatsApp channel',
      '  OK      an activation request with a GIF certificate',
      '  OK      an activation request with a JPEG certificate',
      '  OK      an activation request with a PDF certificate',
      '  OK      an activation request with a PNG certificate',
      '  OK      an activation request with an api-key not valid for the account',
      '  OK      an activation request without a certificate',
      '8 interactions: 8 passed, 0 failed',
    ])
    expect(stdout.split('\n')[0]).toMatch(/^Verifying against the Kaleyra activation mock at http:\/\/127\.0\.0\.1:\d+$/)
    expect(verifierReport(stdout)).toBe('')
    expect(code).toBe(0)
  })

  it('prints the verifier\'s own report after its summary when asked with --verbose', async () => {
    const { code, stdout } = await verify('--verbose', join(CONTRACTS, 'pacts'))
    expect(report(stdout).at(-1)).toBe('8 interactions: 8 passed, 0 failed')
    expect(verifierReport(stdout)).toMatch(/Verifying a pact between kaleyra-activation-client and kaleyra-whatsapp-activation-api/)
    expect(code).toBe(0)
  })

  it('prints the verifier\'s own report of a failure after the mock\'s summary, not before', async () => {
    const { stdout } = await verify(join(BAD, 'expects-201-created.json'))
    expect(stdout.indexOf('1 interaction: 0 passed, 1 failed')).toBeLessThan(stdout.indexOf(VERIFIER_REPORT_HEADING))
    const detail = verifierReport(stdout)
    expect(detail).toMatch(/^ +has status code 201 \(FAILED\)$/m)
    expect(detail).toMatch(/^ +expected 201 but was 200$/m)
    expect(detail).toMatch(/Verification unsuccessful/)
  })

  it('writes no colour codes when its output is not a terminal', async () => {
    const { stdout } = await verifyTo({ isTTY: false }, join(BAD, 'expects-201-created.json'))
    expect(verifierReport(stdout)).toMatch(/expected 201 but was 200/)
    expect(hasColour(stdout)).toBe(false)
  })

  it('keeps the verifier\'s colours on a terminal, and drops them there too when NO_COLOR is set', async () => {
    vi.stubEnv('NO_COLOR', '')
    expect(hasColour((await verifyTo({ isTTY: true }, join(BAD, 'expects-201-created.json'))).stdout)).toBe(true)
    vi.stubEnv('NO_COLOR', '1')
    const { stdout } = await verifyTo({ isTTY: true }, join(BAD, 'expects-201-created.json'))
    expect(verifierReport(stdout)).toMatch(/expected 201 but was 200/)
    expect(hasColour(stdout)).toBe(false)
  })

  it('fails a pact that expects 201 Created, saying which status the API gives', async () => {
    const { code, stdout } = await verify(join(BAD, 'expects-201-created.json'))
    expect(report(stdout)).toEqual([
      '  FAILED  an activation request answered with 201 Created',
      '          - status: expected 201 but was 200',
      '1 interaction: 0 passed, 1 failed',
    ])
    expect(code).toBe(1)
  })

  it('fails a pact that expects a field the API never returns, naming the field', async () => {
    const { code, stdout } = await verify(join(BAD, 'expects-unreturned-field.json'))
    expect(report(stdout)).toEqual([
      '  FAILED  an activation request answered with a request id',
      '          - body $.data[0]: Actual map is missing the following keys: activation_request_id',
      '1 interaction: 0 passed, 1 failed',
    ])
    expect(code).toBe(1)
  })

  it('fails a pact that words an error message differently, quoting both wordings', async () => {
    const { code, stdout } = await verify(join(BAD, 'expects-other-message.json'))
    expect(report(stdout)).toEqual([
      '  FAILED  a second activation request, in other words',
      '          - body $.error.message: the pact expects "An activation request was already submitted for this account.", the API answers "This account already has submitted a request for WhatsApp activation."',
      '1 interaction: 0 passed, 1 failed',
    ])
    expect(code).toBe(1)
  })

  it('fails a pact that expects a GIF certificate to be accepted', async () => {
    const { code, stdout } = await verify(join(BAD, 'expects-gif-accepted.json'))
    const lines = report(stdout)
    expect(lines[0]).toBe('  FAILED  an activation request with a GIF certificate that succeeds')
    expect(lines).toContain('          - status: expected 200 but was 400')
    expect(lines).toContain('          - body $.code: the pact expects "I102", the API answers "E939"')
    expect(lines.at(-1)).toBe('1 interaction: 0 passed, 1 failed')
    expect(code).toBe(1)
  })

  it('fails a pact that uses a provider state the mock does not know, and lists the known ones', async () => {
    const { code, stdout } = await verify(join(BAD, 'uses-unknown-state.json'))
    expect(report(stdout)).toEqual([
      '  FAILED  an activation request under a state the mock does not know',
      '          - One or more of the setup state change handlers has failed',
      '1 interaction: 0 passed, 1 failed',
      'Unknown provider state "a business with a verified certificate exists" (in "an activation request under a state the mock does not know").',
      'The mock knows these provider states (values in params or written in):',
      '  account {sid} has not submitted an activation request',
      '  account {sid} has already submitted an activation request',
      '  account {sid} has an active WhatsApp channel',
      '  api-key {apiKey} is valid for account {sid}',
    ])
    expect(code).toBe(1)
  })

  it('fails the whole run when one pact among good ones is wrong', async () => {
    const { code, stdout } = await verify(join(CONTRACTS, 'pacts'), join(BAD, 'expects-201-created.json'))
    expect(report(stdout).at(-1)).toBe('9 interactions: 8 passed, 1 failed')
    expect(code).toBe(1)
  })

  it('answers a missing pact file with the error and one usage line, and exit code 2', async () => {
    const { code, stdout, stderr } = await verify(join(BAD, 'no-such-pact.json'))
    expect(stderr).toBe([
      `kaleyra-mock verify: No such pact file or folder: ${join(BAD, 'no-such-pact.json')}`,
      'Usage: kaleyra-mock verify <pact file or folder or URL>... [options] (kaleyra-mock verify --help for more)',
      '',
    ].join('\n'))
    expect(stdout).toBe('')
    expect(code).toBe(2)
  })

  it('answers no arguments with a usage error and exit code 2', async () => {
    const { code, stderr } = await verify()
    expect(stderr.split('\n')[0]).toBe('kaleyra-mock verify: Give at least one pact file, folder or URL, or --broker-url.')
    expect(stderr).toContain('Usage: kaleyra-mock verify')
    expect(code).toBe(2)
  })

  it('prints its usage on --help and exits 0', async () => {
    const { code, stdout } = await verify('--help')
    expect(stdout.split('\n')[0]).toBe('Usage: kaleyra-mock verify <pact file or folder or URL>... [options]')
    expect(code).toBe(0)
  })
})

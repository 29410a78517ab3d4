import { describe, expect, it } from 'vitest'
import { runReportCommand } from '../../server/cli/report-command.js'
import { activationForm, API_KEY } from '../support/helpers.js'
import { freePort, startTestServer } from '../support/server-helpers.js'

async function report (argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runReportCommand(argv, { stdout: { write: (text: string) => { stdout += text } }, stderr: { write: (text: string) => { stderr += text } } })
  return { code, stdout, stderr }
}

async function submit (url: string, sid: string): Promise<void> {
  const { payload, headers } = activationForm()
  await (await fetch(`${url}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: new Uint8Array(payload) })).arrayBuffer()
}

describe('kaleyra-mock report', () => {
  it('prints a namespace\'s findings and exits 1 at or above --fail-on, 0 below it or without it', async () => {
    const mock = await startTestServer({ adminToken: 'report-token' })
    const ns = mock.namespace()
    for (let i = 0; i < 3; i++) await submit(ns.url, 'HXCLI')
    const args = ['--url', mock.url, '--namespace', ns.name, '--admin-token', 'report-token']
    const failing = await report([...args, '--fail-on', 'error'])
    expect(failing).toEqual({
      code: 1,
      stdout: 'ERROR   retried_after_already_submitted (HXCLI; #2, #3)\n        HXCLI got E937 (already submitted) at #2 and was sent again 1 time(s) (#3). The real API never accepts an account that already submitted: stop and show the error instead of retrying.\n' +
        'kaleyra-mock report: 1 error(s), 0 warning(s) in 3 journaled requests.\n',
      stderr: '',
    })
    expect((await report([...args, '--fail-on', 'warning'])).code).toBe(1)
    expect((await report(args)).code).toBe(0)
    expect(await report(['--url', mock.url, '--admin-token', 'report-token', '--fail-on', 'warning'])).toEqual({ code: 0, stdout: 'kaleyra-mock report: no findings in 0 journaled requests.\n', stderr: '' })
  })

  it('exits 1 saying why when the mock cannot be read, and 2 for a bad option', async () => {
    const mock = await startTestServer({ adminToken: 'report-token' })
    const refused = await report(['--url', mock.url, '--admin-token', 'wrong'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^kaleyra-mock report: could not read http:\/\/127\.0\.0\.1:\d+\/__admin\/report: 401 /)
    const port = await freePort()
    const down = await report(['--url', `http://127.0.0.1:${port}`])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain('could not read')
    expect(await report(['--fail-on', 'info'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kaleyra-mock report: --fail-on must be warning or error; got "info"\.\n/) })
    expect(await report(['--namespace', 'a/b'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--namespace must be 1 to 64 characters/) })
    expect((await report(['--help'])).stdout).toMatch(/^Usage: kaleyra-mock report/)
  })
})

import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { healthUrl, parseDuration, runWaitCommand } from '../../server/cli/wait-command.js'
import { freePort, startTestServer } from '../support/server-helpers.js'

function capture () {
  let stdout = ''
  let stderr = ''
  return { io: { stdout: { write: (text: string) => { stdout += text } }, stderr: { write: (text: string) => { stderr += text } } }, stdout: () => stdout, stderr: () => stderr }
}

const closers: Array<() => Promise<void>> = []
afterEach(async () => { for (const close of closers.splice(0)) await close() })

/** A plain HTTP server answering every request with `status`; closed after the test. */
async function answering (status: number): Promise<string> {
  const server: Server = createServer((_request, response) => { response.writeHead(status).end('{"status":"unavailable"}') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

describe('kaleyra-mock wait', () => {
  it('exits 0 once a mock that starts after it is healthy, asking its /__admin/health', async () => {
    const port = await freePort()
    const out = capture()
    const waiting = runWaitCommand(['--url', `http://127.0.0.1:${port}`, '--timeout', '20s'], out.io)
    await new Promise((resolve) => setTimeout(resolve, 600))
    const mock = await startTestServer({ port })
    closers.push(() => mock.close())
    expect(await waiting).toBe(0)
    expect(out.stdout()).toMatch(new RegExp(`^kaleyra-mock: http://127\\.0\\.0\\.1:${port}/__admin/health is healthy \\(after \\d+\\.\\d s\\)\\n$`))
    expect(out.stderr()).toBe('')
  })

  it('exits 1 at the time-out, naming the URL and the last failure', async () => {
    const port = await freePort()
    const out = capture()
    const started = performance.now()
    expect(await runWaitCommand(['--url', `http://127.0.0.1:${port}/`, '--timeout', '700ms'], out.io)).toBe(1)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(out.stderr()).toBe(`kaleyra-mock wait: http://127.0.0.1:${port}/__admin/health did not answer 200 within 0.7 s; last: connect ECONNREFUSED 127.0.0.1:${port}\n`)
  })

  it('keeps waiting while the answer is not 200, and reports that answer', async () => {
    const url = await answering(503)
    const out = capture()
    expect(await runWaitCommand(['--url', url, '--timeout', '0.6'], out.io)).toBe(1)
    expect(out.stderr()).toBe(`kaleyra-mock wait: ${url}/__admin/health did not answer 200 within 0.6 s; last: 503 {"status":"unavailable"}\n`)
  })

  it.each([
    [['--timeout', 'soon'], '--timeout must be a duration such as 30s, 500ms or 2m, at most 1 hour; got "soon".'],
    [['--timeout', '2h'], '--timeout must be a duration such as 30s, 500ms or 2m, at most 1 hour; got "2h".'],
    [['--url', 'localhost:8080'], '--url must be an http(s) URL; got "localhost:8080".'],
    [['--port', '8080'], 'Unknown option \'--port\''],
  ])('refuses %j with the reason and one usage line, exit code 2', async (argv, reason) => {
    const out = capture()
    expect(await runWaitCommand(argv, out.io)).toBe(2)
    expect(out.stderr()).toBe(`kaleyra-mock wait: ${reason}\nUsage: kaleyra-mock wait [--url <url>] [--timeout <duration>] (kaleyra-mock wait --help for more)\n`)
  })

  it('reads durations in milliseconds, seconds and minutes, bare numbers as seconds', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('2m'), parseDuration('1.5')]).toEqual([500, 30_000, 120_000, 1500])
  })

  it('asks a URL with a path as it is, and the health route of a bare one', () => {
    expect(healthUrl('http://mock:8080').href).toBe('http://mock:8080/__admin/health')
    expect(healthUrl('https://mock.example/ready').href).toBe('https://mock.example/ready')
  })
})

import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { freePort, spawnCli, waitUntilHealthy } from '../support/server-helpers.js'
import { retryingSubmit } from '../support/retrying-client.js'

describe('a hung request and shutdown (a real process)', () => {
  it('SIGTERM with a request hung by a fault exits within the shutdown timeout, closing the hung connection', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--log-level', 'silent'], { MOCK_SHUTDOWN_TIMEOUT_MS: '2000' })
    const url = `http://127.0.0.1:${port}`
    await waitUntilHealthy(url)
    await fetch(`${url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hang', times: 2 }) })
    const hung = [retryingSubmit(url, 'HXTERM1', { attempts: 1, timeoutMs: 60_000 }), retryingSubmit(url, 'HXTERM2', { attempts: 1, timeoutMs: 60_000 })]
    await sleep(300)
    const signalled = Date.now()
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(Date.now() - signalled).toBeLessThan(2000)
    for (const { attempts } of await Promise.all(hung)) expect(attempts.map((attempt) => attempt.status)).toEqual(['network'])
  })
})

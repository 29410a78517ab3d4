import { join } from 'node:path'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activationForm, activationPath, API_KEY } from '../support/helpers.js'
import { freePort, ROOT, spawnProcess, waitUntilHealthy, type Spawned } from '../support/server-helpers.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

const SHUTDOWN_MS = 500
/** What a loaded machine may add to the shutdown timeout: far below any of the waits the requests were given. */
const SLACK_MS = 2500

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => {
  redis.resume()
  await redis.stop()
})

/** The kaleyra-mock command from source, as a process of its own. */
async function startMock (args: string[]): Promise<{ cli: Spawned, url: string }> {
  const port = await freePort()
  const cli = spawnProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'cli', 'bin.ts'), '--port', String(port), '--log-level', 'silent', '--shutdown-timeout-ms', String(SHUTDOWN_MS), ...args])
  const url = `http://127.0.0.1:${port}`
  await waitUntilHealthy(url, 30_000)
  return { cli, url }
}

/** An activation sent whole; its answer (or the error of a cut connection) is not awaited. */
function activation (url: string, sid: string): Promise<unknown> {
  const { payload, headers } = activationForm()
  return fetch(`${url}${activationPath(sid)}`, { method: 'POST', headers: { ...headers, 'api-key': API_KEY }, body: payload }).then((response) => response.status, (error: unknown) => error)
}

/** SIGTERM, then how long the process took to exit and its exit code. */
async function stop (cli: Spawned): Promise<{ ms: number, code: number | null }> {
  const signalled = performance.now()
  cli.child.kill('SIGTERM')
  const { code } = await cli.exited
  return { ms: performance.now() - signalled, code }
}

describe('a hung or delayed request never holds shutdown past MOCK_SHUTDOWN_TIMEOUT_MS', () => {
  it('with requests waiting on a frozen Redis, under a store timeout longer than the shutdown timeout', async () => {
    const { cli, url } = await startMock(['--store', redis.url, '--store-prefix', 'hung:', '--store-timeout-ms', '30000'])
    redis.pause()
    const waiting = [activation(url, 'HXFROZEN1'), activation(url, 'HXFROZEN2'), fetch(`${url}/__admin/accounts/HXFROZEN1`).catch((error: unknown) => error)]
    await sleep(300)
    const { ms, code } = await stop(cli)
    redis.resume()
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS)
    expect(code).toBe(1)
    await Promise.all(waiting)
  })

  it('with a hang fault, a long delay fault, a journal read waiting for entries and a body that never ends', async () => {
    const { cli, url } = await startMock(['--request-timeout-ms', '60000'])
    const fault = (body: object): Promise<Response> => fetch(`${url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect((await fault({ kind: 'hang', sid: 'HXHANG' })).status).toBe(201)
    expect((await fault({ kind: 'delay', sid: 'HXSLOW', delayMs: 60_000 })).status).toBe(201)
    const held = [
      activation(url, 'HXHANG'),
      activation(url, 'HXSLOW'),
      fetch(`${url}/__admin/requests?sid=HXNEVER&wait=30000`).catch((error: unknown) => error),
    ]
    const socket = connect(Number(new URL(url).port), '127.0.0.1')
    socket.on('error', () => {})
    socket.write(`POST ${activationPath('HXBODY')} HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"display_name":`)
    await sleep(300)
    const { ms } = await stop(cli)
    expect(ms).toBeLessThan(SHUTDOWN_MS + SLACK_MS)
    socket.destroy()
    await Promise.all(held)
  })
})

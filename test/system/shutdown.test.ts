import { connect, type Socket } from 'node:net'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { API_KEY } from '../support/helpers.js'
import { freePort, spawnCli, waitUntilHealthy } from '../support/server-helpers.js'

const BODY = JSON.stringify({ display_name: '' })

/** Sends a request's head and half its body, leaving it in flight. */
async function startSlowRequest (port: number): Promise<{ socket: Socket, received: () => string, closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  let received = ''
  socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(`POST /v1/HXINFLIGHT/whatsapp/activation HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 5)}`)
  return { socket, received: () => received, closed }
}

function sleep (ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, answers health 503 meanwhile, and exits 0', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--log-level', 'silent'])
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    const slow = await startSlowRequest(port)
    await sleep(200)

    cli.child.kill('SIGTERM')
    await sleep(500)
    await expect(request(`http://127.0.0.1:${port}`).get('/__admin/health')).rejects.toThrow('ECONNREFUSED')
    expect(cli.child.exitCode).toBeNull()

    // The rest of the body, then a health check pipelined on the same connection.
    slow.socket.write(`${BODY.slice(5)}GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    await slow.closed
    const [first, second] = slow.received().split(/(?=HTTP\/1\.1 )/)
    expect(first).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(JSON.parse(first.split('\r\n\r\n')[1])).toEqual({ code: 'E939', message: 'Failed to submit request for Whatsapp account activation.', data: [], error: { code: 'E413', type: 'VALIDATION_ERROR', parameter: 'display_name', message: 'display_name field is required and cannot be empty.', reference: '' } })
    expect(second).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/)
    expect(JSON.parse(second.split('\r\n\r\n')[1])).toEqual({ status: 'closing' })
    expect(await cli.exited).toEqual({ code: 0, signal: null })
  })

  it('cuts a request that never finishes once the shutdown timeout has passed', async () => {
    const port = await freePort()
    const cli = spawnCli(['--port', String(port), '--log-level', 'silent', '--shutdown-timeout-ms', '300'])
    await waitUntilHealthy(`http://127.0.0.1:${port}`)
    const stuck = await startSlowRequest(port)
    await sleep(200)
    const signalled = Date.now()
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toEqual({ code: 1, signal: null })
    expect(Date.now() - signalled).toBeLessThan(10_000)
    await stuck.closed
    expect(stuck.received()).toBe('')
  })
})

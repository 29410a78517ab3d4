import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { probeHealth } from '../../server/cli/health-probe.js'

const servers: Server[] = []
const savedPort = process.env.PORT

async function serve (status: number | null): Promise<number> {
  const server = createServer((request, response) => {
    if (status === null) return // never answers
    response.writeHead(request.url === '/__admin/health' ? status : 404).end()
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  if (savedPort === undefined) delete process.env.PORT
  else process.env.PORT = savedPort
})

describe('the container healthcheck probe', () => {
  it('exits 0 when health answers 200 on the configured port', async () => {
    process.env.PORT = String(await serve(200))
    expect(await probeHealth()).toBe(0)
  })

  it('exits 1 when health answers anything else, such as 503 while shutting down', async () => {
    process.env.PORT = String(await serve(503))
    expect(await probeHealth()).toBe(1)
  })

  it('exits 1 when nothing listens on the port', async () => {
    const port = await serve(200)
    await new Promise((resolve) => servers.pop()!.close(resolve))
    process.env.PORT = String(port)
    expect(await probeHealth()).toBe(1)
  })

  it('exits 1 after two seconds when the server never answers', async () => {
    process.env.PORT = String(await serve(null))
    const started = Date.now()
    expect(await probeHealth()).toBe(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
  })

  it('exits 1 when the configuration is invalid', async () => {
    process.env.PORT = 'not-a-port'
    expect(await probeHealth()).toBe(1)
  })
})

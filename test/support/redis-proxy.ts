import { once } from 'node:events'
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface RedisProxy {
  url: string
  /**
   * The next command chunk containing `marker` reaches Redis, and once Redis has answered it the
   * connection is dropped with the answer unsent; new connections are then refused for `refuseMs`.
   */
  dropAfter (marker: string, refuseMs?: number): Promise<void>
  close (): Promise<void>
}

/** A TCP proxy in front of a real redis-server, that can lose one reply with its connection. */
export async function startRedisProxy (redisPort: number): Promise<RedisProxy> {
  let rule: { marker: string, refuseMs: number, dropped: () => void } | undefined
  let refusingUntil = 0
  const sockets = new Set<Socket>()

  const server: Server = createServer((client) => {
    if (performance.now() < refusingUntil) {
      client.destroy()
      return
    }
    const upstream = connect(redisPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    let dropping: (() => void) | undefined
    const end = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('data', (chunk: Buffer) => {
      const current = rule
      if (current !== undefined && chunk.includes(current.marker)) {
        rule = undefined
        dropping = () => {
          refusingUntil = performance.now() + current.refuseMs
          end()
          current.dropped()
        }
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      // Redis has run the command: its answer is lost with the connection.
      if (dropping !== undefined) dropping()
      else client.write(chunk)
    })
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }

  return {
    url: `redis://127.0.0.1:${port}/0`,
    dropAfter (marker, refuseMs = 0) {
      return new Promise((resolve) => { rule = { marker, refuseMs, dropped: resolve } })
    },
    async close () {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

import { connect, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** Milliseconds from the first byte sent to the connection's end. */
  elapsedMs: number
}

/** Listens on a free loopback port (port 0) and returns it. */
export async function listen (app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address !== 'object') throw new Error('not listening on a port')
  return address.port
}

function parse (raw: Buffer, elapsedMs: number): RawResponse {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) return { status: 0, headers: {}, body: text, elapsedMs }
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? text.length - end - 4)
  const body = raw.subarray(end + 4, end + 4 + length).toString('utf8')
  return { status: Number(statusLine.split(' ')[1]), headers, body, elapsedMs }
}

/**
 * Sends raw bytes on a fresh connection (optionally in slices with a pause between them)
 * and collects everything the server sends until it closes the connection or `closeAfterMs`.
 */
export function sendRaw (port: number, chunks: Buffer[], options: { pauseMs?: number, closeAfterMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    const started = Date.now()
    let timer: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(timer)
      clearTimeout(limit)
      resolve(parse(Buffer.concat(received), Date.now() - started))
    }
    const limit = setTimeout(() => { socket.destroy() }, options.closeAfterMs ?? 10_000)
    socket.on('data', (chunk: Buffer) => { received.push(chunk) })
    socket.on('close', finish)
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset a connection it refuses; what it sent first still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error)
    })
    let index = 0
    const writeNext = () => {
      if (socket.destroyed || index >= chunks.length) return
      socket.write(chunks[index++])
      timer = setTimeout(writeNext, options.pauseMs ?? 0)
    }
    socket.once('connect', writeNext)
  })
}

/** A POST request's head as raw bytes. */
export function requestHead (path: string, headers: Record<string, string | number>): Buffer {
  const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1')
}

import { connect } from 'node:net'

/** One request as bytes on the wire, sent unchanged to the mock and to the reference. */
export interface RawRequest {
  method: string
  /** The request target as sent (already percent-encoded where it should be). */
  target: string
  /** Header lines in order; Host and Connection: close are added, Content-Length too unless present. */
  headers: Array<[string, string]>
  body: Buffer
}

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** The request's bytes: what both servers receive. */
export function requestBytes (request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, 'Host: 127.0.0.1']
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()))
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
  if (!names.has('content-length') && !names.has('transfer-encoding') && (request.body.length > 0 || request.method === 'POST')) lines.push(`Content-Length: ${request.body.length}`)
  lines.push('Connection: close')
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), request.body])
}

function dechunk (body: Buffer): Buffer {
  const out: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd === -1) break
    const size = Number.parseInt(body.toString('latin1', at, lineEnd), 16)
    if (!Number.isFinite(size) || size === 0) break
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(out)
}

function parseResponse (raw: Buffer): WireResponse {
  const end = raw.indexOf('\r\n\r\n')
  if (end === -1) return { status: 0, headers: {}, body: raw }
  const [statusLine = '', ...headerLines] = raw.toString('latin1', 0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = raw.subarray(end + 4)
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(body)
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']))
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

/** Sends the bytes on a fresh connection and reads until the server closes it (status 0: nothing came back). */
export function send (port: number, bytes: Buffer, timeoutMs = 10_000): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server may reset a connection it refuses; what it sent first still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') { clearTimeout(timer); reject(error) }
    })
    socket.on('close', () => { clearTimeout(timer); resolve(parseResponse(Buffer.concat(received))) })
    // Not end(): nginx takes a half-closed connection for a client that gave up (499) and answers nothing.
    socket.write(bytes)
  })
}

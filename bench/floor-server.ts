import { createServer } from 'node:http'

// The floor: a bare node:http server that reads the whole body and sends a fixed reply.
// Whatever the mock adds on top of this is the mock's own cost.
const REPLY = Buffer.from('{"code":"I102","message":"Activation request created successfully.","data":[],"error":{}}')

const server = createServer((request, response) => {
  let bytes = 0
  request.on('data', (chunk: Buffer) => { bytes += chunk.length })
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': REPLY.length, 'x-body-bytes': bytes })
    response.end(REPLY)
  })
})

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address()
  if (address !== null && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`)
})
process.once('SIGTERM', () => { server.close(() => process.exit(0)); server.closeAllConnections() })

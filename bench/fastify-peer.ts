import multipart from '@fastify/multipart'
import Fastify from 'fastify'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

// The peer: bare Fastify (default options, no logger) with @fastify/multipart, on the mock's route.
// It does what any Fastify app must do for these requests (route, parse the JSON body or read every
// multipart part and the whole file, serialise an object) and nothing the mock exists for: no
// rules, no claim, no journal, no log line. What the mock spends beyond it is the mock's own cost.
const responses = join(import.meta.dirname, '..', 'fixtures', 'responses')
const read = (file: string): unknown => JSON.parse(readFileSync(join(responses, file), 'utf8'))
const notInteger = read('inferred/business-id-not-integer.json')
const success = read('documented-success.json')

const app = Fastify()
await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024 } })

app.post('/v1/:sid/whatsapp/activation', async (request, reply) => {
  if (!request.isMultipart()) return reply.code(400).send(notInteger)
  for await (const part of request.parts()) {
    if (part.type === 'file') await part.toBuffer()
  }
  return reply.code(200).send(success)
})
app.get('/', async () => ({ ok: true }))

const address = await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' })
process.stdout.write(`listening ${address}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })

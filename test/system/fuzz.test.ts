import { request as httpRequest, Agent } from 'node:http'
import fc from 'fast-check'
import { Check } from 'typebox/value'
import { describe, expect, inject, it } from 'vitest'
import { SuccessEnvelopeSchema } from '../../server/activation/activation-schemas.js'
import { ErrorEnvelopeSchema } from '../../server/http/error-envelope.js'
import { fuzzRequest, type FuzzRequest } from '../support/fuzz-arbitraries.js'
import { activationPath, buildTestApp, postActivation, postForm } from '../support/helpers.js'
import { listen } from '../support/socket-helpers.js'

declare module 'vitest' {
  export interface ProvidedContext {
    fuzzRuns: number
  }
}

// Nine in ten generated requests go through inject, the rest over real sockets.
const runs = inject('fuzzRuns')
const socketRuns = Math.max(100, Math.floor(runs / 10))
const injectRuns = runs - socketRuns

/** A response is acceptable when it is 2xx/4xx and its body is one of the documented envelope shapes. */
function wellFormed (status: number, body: string): boolean {
  if (status < 200 || status >= 500 || (status >= 300 && status < 400)) return false
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return false
  }
  return status === 200 ? Check(SuccessEnvelopeSchema, parsed) : Check(ErrorEnvelopeSchema, parsed)
}

function withDeadline<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

function overSocket (agent: Agent, port: number, generated: FuzzRequest): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ agent, host: '127.0.0.1', port, method: 'POST', path: activationPath(generated.sid), headers: { ...generated.headers, 'content-length': generated.payload.length } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(generated.payload)
  })
}

describe(`fuzzing the endpoint with ${runs} generated requests`, () => {
  it('answers every generated request through inject with a well-formed 2xx/4xx envelope, then still serves', async () => {
    const app = await buildTestApp({ limits: { bodyBytes: 64 * 1024 } })
    await fc.assert(fc.asyncProperty(fuzzRequest, async (generated) => {
      const response = await withDeadline(postActivation(app, generated), 5000)
      expect(wellFormed(response.statusCode, response.body), `${response.statusCode} ${response.body}`).toBe(true)
    }), { numRuns: injectRuns })
    expect((await postForm(app, 'HXAFTERFUZZ')).statusCode).toBe(200)
  }, 180_000)

  it('answers every generated request over a real socket with a well-formed envelope, never a hang-up', async () => {
    const app = await buildTestApp({ limits: { bodyBytes: 64 * 1024 } })
    const port = await listen(app)
    const agent = new Agent({ keepAlive: true, maxSockets: 4 })
    try {
      await fc.assert(fc.asyncProperty(fuzzRequest, async (generated) => {
        const response = await withDeadline(overSocket(agent, port, generated), 5000)
        expect(wellFormed(response.status, response.body), `${response.status} ${response.body}`).toBe(true)
      }), { numRuns: socketRuns })
    } finally {
      agent.destroy()
    }
    expect((await postForm(app, 'HXAFTERSOCKETFUZZ')).statusCode).toBe(200)
  }, 180_000)
})

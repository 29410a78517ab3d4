import { Writable } from 'node:stream'
import fc from 'fast-check'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createRequestLineWriter, type RequestLine } from '../../server/http/request-log.js'
import { captureLog } from '../support/log-lines.js'
import { API_KEY, buildTestApp, postActivation } from '../support/helpers.js'

/** A pino logger as the mock's (redaction included), its time fixed, writing into `written`. */
function pinoInto (written: string[], base?: Record<string, unknown>): pino.Logger {
  const stream = new Writable({ write (chunk, _encoding, done) { written.push(String(chunk)); done() } })
  const options = {
    level: 'info',
    timestamp: () => ',"time":1796000000000',
    redact: { paths: ['req.headers["api-key"]', 'req.headers.authorization', 'headers["api-key"]', 'headers.authorization'], censor: '[redacted]' },
    ...(base === undefined ? {} : { base }),
  }
  return pino(options, { write: (line: string) => { stream.write(line) } })
}

/** Text as Node hands it over: decoded from bytes (latin1 or UTF-8), so never a lone surrogate. */
const decodedText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 150 }),
  fc.uint8Array({ maxLength: 150 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.uint8Array({ maxLength: 150 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
)

const requestLine: fc.Arbitrary<RequestLine> = fc.record({
  reqId: fc.oneof(fc.nat().map((n) => `req-${n.toString(36)}`), decodedText),
  method: decodedText,
  url: decodedText,
  statusCode: fc.integer({ min: 100, max: 599 }),
  code: fc.option(decodedText, { nil: null }),
  rule: fc.option(decodedText, { nil: null }),
  bodyProblem: fc.option(decodedText, { nil: undefined }),
  responseTimeMs: fc.oneof(fc.nat({ max: 100_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }).map((ms) => Math.round(ms * 10) / 10)),
}, { requiredKeys: ['reqId', 'method', 'url', 'statusCode', 'code', 'rule', 'responseTimeMs'] })

describe('the request\'s log line', () => {
  it('is byte for byte the line pino\'s child logger writes for the same fields', () => {
    fc.assert(fc.property(requestLine, fc.option(fc.record({ pid: fc.nat(), hostname: decodedText }).map((base) => ({ ...base })), { nil: undefined }), (line, base) => {
      const ours: string[] = []
      const pinos: string[] = []
      createRequestLineWriter(pinoInto(ours, base))(line)
      const { reqId, bodyProblem, ...rest } = line
      const fields = { method: rest.method, url: rest.url, statusCode: rest.statusCode, code: rest.code, rule: rest.rule, ...(bodyProblem === undefined ? {} : { bodyProblem }), responseTimeMs: rest.responseTimeMs }
      pinoInto(pinos, base).child({ reqId }).info(fields, 'request completed')
      expect(ours).toEqual(pinos)
    }), { numRuns: 500 })
  })

  it('is not written below the logger\'s level, and follows a level changed while running', () => {
    const written: string[] = []
    const logger = pinoInto(written)
    const write = createRequestLineWriter(logger)
    const line: RequestLine = { reqId: 'req-1', method: 'POST', url: '/v1/HX/whatsapp/activation', statusCode: 400, code: 'E413', rule: 'integer', responseTimeMs: 1 }
    logger.level = 'warn'
    write(line)
    expect(written).toEqual([])
    logger.level = 'info'
    write(line)
    expect(written).toHaveLength(1)
  })

  it('names the request the lines it logs through request.log share, and keeps api-keys out', async () => {
    const { logger, lines } = captureLog()
    const app = await buildTestApp({ logger })
    await app.inject({ method: 'POST', url: '/__admin/faults', payload: { sid: 'HXLOGGED', kind: 'status', status: 503 } })
    await postActivation(app, { sid: 'HXLOGGED', payload: {}, headers: { 'api-key': API_KEY } })
    const completed = lines.filter((line) => line.msg === 'request completed' && line.url === '/v1/HXLOGGED/whatsapp/activation')
    const injected = lines.filter((line) => line.msg === 'injected fault')
    expect(completed).toHaveLength(1)
    expect(injected).toHaveLength(1)
    expect(injected[0].reqId).toBe(completed[0].reqId)
    expect(completed[0]).toMatchObject({ level: 30, method: 'POST', statusCode: 503 })
    expect(JSON.stringify(lines)).not.toContain(API_KEY)
  })
})

import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { symbols, type Logger } from 'pino'

/** What the request's line says, in its order. */
export interface RequestLine {
  reqId: string
  method: string
  url: string
  statusCode: number
  code: string | null
  rule: string | null
  /** The parser's reason when the body was read only in part: the answer does not say it. */
  bodyProblem?: string
  responseTimeMs: number
}

const MESSAGE = 'request completed'

/**
 * Writes a request's line as `logger.child({ reqId }).info(line, 'request completed')` would, but
 * without the child: pino's own level prefix, time, bindings (pid, hostname) and stream, with the
 * fields written in place. pino builds a child logger for every request and its line from a
 * generic walk of the object; this was most of the log line's cost (docs/decisions/request-path.md).
 * The line has only strings from the request line and the mock's own words and numbers, none of
 * which the logger's redaction or serializers touch; test/http/request-log.test.ts holds every
 * byte to pino's. Strings are written with JSON.stringify, as pino does on Node 25 and for any
 * string over 100 characters; pino's shortcut below that differs only for a lone surrogate, which
 * text Node decoded from bytes (latin1 or UTF-8) never holds.
 */
export function createRequestLineWriter (logger: FastifyBaseLogger): (line: RequestLine) => void {
  const pinoLogger = logger as unknown as Logger & Record<symbol, unknown>
  const level = pinoLogger.levels.values.info
  const time = pinoLogger[symbols.timeSym] as () => string
  const bindings = pinoLogger[symbols.chindingsSym] as string
  const end = pinoLogger[symbols.endSym] as string
  const head = `{"level":${level}`
  const tail = `,"${pinoLogger[symbols.messageKeySym] as string}":${JSON.stringify(MESSAGE)}${end}`
  const stream = pinoLogger[symbols.streamSym] as { write (line: string): void }
  const text = (value: string | null): string => value === null ? 'null' : JSON.stringify(value)
  return (line) => {
    // Asked each time: the level may be changed while the app runs.
    if (!pinoLogger.isLevelEnabled('info')) return
    stream.write(`${head}${time()}${bindings},"reqId":${JSON.stringify(line.reqId)},"method":${JSON.stringify(line.method)},"url":${JSON.stringify(line.url)},"statusCode":${line.statusCode},"code":${text(line.code)},"rule":${text(line.rule)}${line.bodyProblem === undefined ? '' : `,"bodyProblem":${JSON.stringify(line.bodyProblem)}`},"responseTimeMs":${line.responseTimeMs}${tail}`)
  }
}

/** The request's line: what the journal names (code, rule) and never a header, so no api-key can reach the log. */
function requestLineOf (request: FastifyRequest, reply: FastifyReply): RequestLine {
  const url = request.originalUrl
  const line: RequestLine = {
    reqId: request.id,
    method: request.method,
    url: url.length > 512 ? `${url.slice(0, 512)}…` : url,
    statusCode: reply.statusCode,
    code: request.outcome?.code ?? null,
    rule: request.outcome?.rule ?? null,
    responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
  }
  if (request.bodyProblem != null) line.bodyProblem = request.bodyProblem.reason
  return line
}

/** One structured line per request, in place of Fastify's two. */
async function requestLog (app: FastifyInstance): Promise<void> {
  const write = createRequestLineWriter(app.log)
  app.addHook('onResponse', (request, reply, done) => {
    write(requestLineOf(request, reply))
    done()
  })
}

export default fp(requestLog, { name: 'request-log' })

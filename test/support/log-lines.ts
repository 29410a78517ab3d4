import { Writable } from 'node:stream'
import type { FastifyServerOptions } from 'fastify'

export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

/** A pino logger for buildApp whose JSON lines the test can read. */
export function captureLog (): { logger: FastifyServerOptions['logger'], lines: LogLine[] } {
  const lines: LogLine[] = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line) as LogLine)
      done()
    },
  })
  return { logger: { level: 'info', stream }, lines }
}

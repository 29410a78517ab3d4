import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogDestination } from '../../server/cli/log-destination.js'

const opened: Array<{ fd: number, dir: string }> = []

function logFile (): { fd: number, read: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'mock-log-'))
  const path = join(dir, 'log')
  const fd = openSync(path, 'w')
  opened.push({ fd, dir })
  return { fd, read: () => readFileSync(path, 'utf8') }
}

afterEach(() => {
  for (const { fd, dir } of opened.splice(0)) {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('the JSON log\'s destination', () => {
  it('writes the lines of one turn together, in order, on the next turn', async () => {
    const file = logFile()
    const log = createLogDestination(file.fd, () => {})
    log.write('{"n":1}\n')
    log.write('{"n":2}\n')
    log.write('{"n":3,"text":"é ✓"}\n')
    expect(file.read()).toBe('')
    await nextTurn()
    expect(file.read()).toBe('{"n":1}\n{"n":2}\n{"n":3,"text":"é ✓"}\n')
    log.write('{"n":4}\n')
    await nextTurn()
    expect(file.read()).toBe('{"n":1}\n{"n":2}\n{"n":3,"text":"é ✓"}\n{"n":4}\n')
  })

  it('writes what is pending when the process exits, and when pino flushes', () => {
    const file = logFile()
    let atExit = (): void => {}
    const log = createLogDestination(file.fd, (flush) => { atExit = flush })
    log.write('{"last":true}\n')
    atExit()
    expect(file.read()).toBe('{"last":true}\n')
    log.write('{"flushed":true}\n')
    let called = false
    log.flush(() => { called = true })
    expect(called).toBe(true)
    expect(file.read()).toBe('{"last":true}\n{"flushed":true}\n')
  })

  it('gives pino\'s lines as pino writes them', async () => {
    const batched = logFile()
    const direct = logFile()
    const fixedTime = { timestamp: () => ',"time":1', base: { pid: 7, hostname: 'h' } }
    const viaBatch = pino({ ...fixedTime, redact: ['headers["api-key"]'] }, createLogDestination(batched.fd, () => {}))
    const viaPino = pino({ ...fixedTime, redact: ['headers["api-key"]'] }, pino.destination({ dest: direct.fd, sync: true }))
    for (const logger of [viaBatch, viaPino]) {
      const child = logger.child({ reqId: 'req-1' })
      child.info({ method: 'POST', url: '/v1/HX…/whatsapp/activation?x="y"', statusCode: 400, code: 'E413', rule: 'integer', responseTimeMs: 1.5 }, 'request completed')
      logger.warn({ headers: { 'api-key': 'secret' } }, 'redacted')
    }
    await nextTurn()
    expect(batched.read()).toBe(direct.read())
    expect(batched.read()).toContain('"api-key":"[Redacted]"')
  })
})

import { destination } from 'pino'

/** Where pino writes; what pino's `DestinationStream` asks for, plus the flushes it calls when present. */
export interface LogDestination {
  write (line: string): void
  flush (done?: (error?: Error) => void): void
  flushSync (): void
}

/**
 * The JSON log's destination: the lines of one turn of the event loop are joined and given to
 * pino's own synchronous destination (sonic-boom, which retries a full pipe and ends quietly on
 * a closed one) in one write, on the next turn and when the process exits.
 *
 * Why not pino's default (an asynchronous sonic-boom): on every line it measured the UTF-8 length
 * of its whole pending chunk (up to 16 KiB, flattened anew each time) and sent a write to the
 * thread pool for every few lines, which cost more than building the line (see
 * docs/decisions/request-path.md). Here a line costs an array push; a turn's lines cost one
 * `write(2)`. A stdout that does not keep up holds the server back instead of growing a buffer.
 */
export function createLogDestination (fd = 1, onExit: (flush: () => void) => void = (flush) => { process.on('exit', flush) }): LogDestination {
  const sink = destination({ dest: fd, sync: true })
  let lines: string[] = []
  let scheduled = false
  const flushSync = (): void => {
    scheduled = false
    if (lines.length === 0) return
    const text = lines.length === 1 ? lines[0] : lines.join('')
    lines = []
    sink.write(text)
  }
  // A process that exits (process.exit, an uncaught error) writes what the turn had logged.
  onExit(flushSync)
  return {
    write (line) {
      lines.push(line)
      if (!scheduled) {
        scheduled = true
        setImmediate(flushSync)
      }
    },
    flush (done) {
      flushSync()
      done?.()
    },
    flushSync,
  }
}

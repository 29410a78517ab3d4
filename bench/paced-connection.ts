import { connect, type Socket } from 'node:net'

const HEAD_END = Buffer.from('\r\n\r\n')

/**
 * One keep-alive connection on loopback, one request on the wire at a time, the others waiting in
 * due order. It reads answers framed by Content-Length, which the mock and the floor both send;
 * anything else it cannot frame closes the connection and counts as an error.
 *
 * Plain sockets, not undici: paced against the floor on two cores, undici's Client cost 76 to 137 µs
 * of the driver's CPU per request against 45 to 89 for these, and collected garbage 3 to 5 times
 * as often, on the two cores the servers under test share with it.
 */
export class PacedConnection {
  private socket!: Socket
  private connected = false
  private readonly waiting: number[] = []
  private waitingHead = 0
  private inFlight = -1
  private buffered: Buffer | null = null
  /** Bytes of the answer being read, head and body, once its head is in; -1 before. */
  private answerLength = -1
  private status = 0
  private closeAfterAnswer = false
  private answeredSinceConnect = 0
  private stopped = false

  constructor (
    private readonly port: number,
    private readonly write: (socket: Socket) => void,
    private readonly settle: (index: number, status?: number) => void,
  ) {}

  open (): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, '127.0.0.1')
      this.socket = socket
      socket.setNoDelay(true)
      socket.on('error', reject)
      socket.once('connect', () => {
        this.connected = true
        resolve()
        this.sendNext()
      })
      socket.on('data', (chunk: Buffer) => { this.read(chunk) })
      socket.once('close', () => { this.closed() })
    })
  }

  offer (index: number): void {
    if (this.stopped) this.settle(index)
    else if (this.connected && this.inFlight < 0) this.send(index)
    else this.waiting.push(index)
  }

  /** Ends the connection; what it still owes counts as errors. */
  stop (): void {
    this.stopped = true
    this.failAll()
    this.socket.destroy()
  }

  private send (index: number): void {
    this.inFlight = index
    this.write(this.socket)
  }

  private sendNext (): void {
    if (this.waitingHead < this.waiting.length) {
      this.send(this.waiting[this.waitingHead++])
    }
    if (this.waitingHead === this.waiting.length) {
      this.waiting.length = 0
      this.waitingHead = 0
    }
  }

  private read (chunk: Buffer): void {
    let data = this.buffered === null ? chunk : Buffer.concat([this.buffered, chunk])
    while (data.length > 0) {
      if (this.answerLength < 0) {
        const headEnd = data.indexOf(HEAD_END)
        if (headEnd < 0) break
        const head = data.toString('latin1', 0, headEnd)
        const contentLength = /\r\ncontent-length: *(\d+)/i.exec(head)
        if (this.inFlight < 0 || !head.startsWith('HTTP/1.') || contentLength === null || /\r\ntransfer-encoding:/i.test(head)) {
          this.socket.destroy()
          return
        }
        this.status = Number(head.slice(9, 12))
        this.closeAfterAnswer = /\r\nconnection: *close/i.test(head)
        this.answerLength = headEnd + HEAD_END.length + Number(contentLength[1])
      }
      if (data.length < this.answerLength) break
      data = data.subarray(this.answerLength)
      this.answerLength = -1
      this.answeredSinceConnect++
      const index = this.inFlight
      this.inFlight = -1
      this.settle(index, this.status)
      if (this.closeAfterAnswer) {
        this.connected = false
        this.socket.end()
        return
      }
      this.sendNext()
    }
    this.buffered = data.length > 0 ? data : null
  }

  private closed (): void {
    this.connected = false
    this.buffered = null
    this.answerLength = -1
    if (this.inFlight >= 0) this.settle(this.inFlight)
    this.inFlight = -1
    if (this.stopped) return
    // A connection that closes before answering anything is not tried again.
    if (this.answeredSinceConnect === 0) {
      this.stop()
      return
    }
    this.answeredSinceConnect = 0
    this.open().catch(() => {})
  }

  private failAll (): void {
    if (this.inFlight >= 0) this.settle(this.inFlight)
    this.inFlight = -1
    for (let i = this.waitingHead; i < this.waiting.length; i++) this.settle(this.waiting[i])
    this.waiting.length = 0
    this.waitingHead = 0
  }
}

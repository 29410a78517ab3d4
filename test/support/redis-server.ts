import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { freePort } from './free-port.js'

export interface RedisServer {
  url: string
  port: number
  /** Kills the server; a later start() brings it back on the same port, empty. */
  stop (): Promise<void>
  start (): Promise<void>
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause (): void
  resume (): void
  /**
   * Redis's own stall (CLIENT PAUSE): for `ms` it keeps every client's commands (ALL) or those
   * that may write, scripts included (WRITE), and runs them in order once the pause ends.
   */
  clientPause (ms: number, mode: 'ALL' | 'WRITE'): Promise<void>
  /** Runs one command on a connection of its own, e.g. to look at keys behind the mock's back. */
  command (name: string, ...args: Array<string | number>): Promise<unknown>
}

async function launch (port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) { clearTimeout(timer); resolve() }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}:\n${output}`)) })
  })
  child.stdout?.resume()
  return child
}

/** A private redis-server on a free loopback port, for one test file. */
export async function startRedisServer (): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined = await launch(port)
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async stop () {
      if (child === undefined || child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
      child = undefined
    },
    async start () {
      child ??= await launch(port)
    },
    pause () { child?.kill('SIGSTOP') },
    resume () { child?.kill('SIGCONT') },
    async clientPause (ms, mode) {
      await server.command('CLIENT', 'PAUSE', ms, mode)
    },
    async command (name, ...args) {
      const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 })
      try {
        await client.connect()
        return await client.call(name, ...args)
      } finally {
        client.disconnect()
      }
    },
  }
  return server
}

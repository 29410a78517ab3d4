import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

export interface RedisServer {
  url: string
  port: number
  /** Kills the server; a later start() brings it back on the same port, empty. */
  stop (): Promise<void>
  start (): Promise<void>
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause (): void
  resume (): void
}

async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
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
  return {
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
  }
}

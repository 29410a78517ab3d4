import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/support/free-port.js'
import { catalogueForReference } from './reference-catalogue.js'

const LARAVEL = join(import.meta.dirname, 'laravel')
const PUBLIC = join(LARAVEL, 'public')

/** The PHP-FPM binary: Debian names it by version (php-fpm8.2). */
function phpFpmBinary (): string | undefined {
  for (const name of ['php-fpm8.2', 'php-fpm']) if (spawnSync(name, ['-v']).status === 0) return name
  return undefined
}

/** What the reference needs: nginx, php-fpm, php-cli and Debian's Laravel; the missing ones by package name. */
export function missingReferencePackages (): string[] {
  const missing: string[] = []
  if (spawnSync('nginx', ['-v']).status !== 0) missing.push('nginx')
  if (phpFpmBinary() === undefined) missing.push('php-fpm')
  if (spawnSync('php', ['-v']).status !== 0) missing.push('php-cli')
  else if (spawnSync('php', ['-r', 'exit(stream_resolve_include_path("Illuminate/autoload.php") ? 0 : 1);']).status !== 0) missing.push('php-laravel-framework')
  return missing
}

export type Serving = 'nginx' | 'php-builtin'

export interface LaravelReference {
  port: number
  serving: Serving
  /** Forgets every claim, as a fresh service would have none. */
  reset (): void
  stop (): Promise<void>
}

function fill (template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`no value for {{${key}}}`)
    return values[key] as string
  })
}

function track (child: ChildProcess, name: string): () => string {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.once('error', (error) => { output += `${name}: ${error.message}\n` })
  return () => output
}

function canConnect (path: string | number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof path === 'number' ? connect(path, '127.0.0.1') : connect(path)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

async function waitFor (what: string, target: string | number, children: Array<[ChildProcess, () => string]>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    for (const [child, output] of children) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`)
    }
    if (await canConnect(target)) return
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs} ms:\n${children.map(([, output]) => output()).join('\n')}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function stopChild (child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/**
 * The Laravel reference (parity/laravel/) on a free loopback port, under a temp dir of its own:
 * nginx in front of php-fpm (`serving: 'nginx'`, as production PHP is served), or PHP's built-in
 * server (`'php-builtin'`, to measure whether it answers otherwise). Both run in the foreground
 * and are stopped by their PIDs; as root they run as root (nginx's `user`, php-fpm's -R).
 */
export async function startLaravelReference (options: { serving?: Serving, workers?: number } = {}): Promise<LaravelReference> {
  const serving = options.serving ?? 'nginx'
  const dir = mkdtempSync(join(tmpdir(), 'kaleyra-parity-'))
  const claims = join(dir, 'claims')
  mkdirSync(claims)
  writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(catalogueForReference()))
  const port = await freePort()
  const isRoot = process.getuid?.() === 0
  const children: Array<[ChildProcess, () => string]> = []
  const start = (command: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(command, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push([child, track(child, command)])
    return child
  }

  try {
    if (serving === 'nginx') {
      const values = { DIR: dir, PORT: String(port), PUBLIC, CHILDREN: String(options.workers ?? 4) }
      writeFileSync(join(dir, 'php-fpm.conf'), fill(readFileSync(join(LARAVEL, 'serving', 'php-fpm.conf'), 'utf8'), { ...values, USER: isRoot ? 'user = root\ngroup = root' : '' }))
      writeFileSync(join(dir, 'nginx.conf'), fill(readFileSync(join(LARAVEL, 'serving', 'nginx.conf'), 'utf8'), { ...values, USER: isRoot ? 'user root root;' : '' }))
      const fpm = phpFpmBinary()
      if (fpm === undefined) throw new Error('php-fpm is not installed')
      start(fpm, ['--nodaemonize', '--fpm-config', join(dir, 'php-fpm.conf'), '-c', join(LARAVEL, 'serving', 'php.ini'), ...(isRoot ? ['--allow-to-run-as-root'] : [])])
      await waitFor('php-fpm', join(dir, 'php-fpm.sock'), children)
      start('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'nginx-error.log')])
    } else {
      start('php', ['-c', join(LARAVEL, 'serving', 'php.ini'), '-S', `127.0.0.1:${port}`, '-t', PUBLIC, join(PUBLIC, 'index.php')], {
        PARITY_CATALOGUE: join(dir, 'catalogue.json'),
        PARITY_STATE_DIR: claims,
      })
    }
    await waitFor(serving, port, children)
  } catch (error) {
    for (const [child] of children.reverse()) await stopChild(child, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  return {
    port,
    serving,
    reset () {
      rmSync(claims, { recursive: true, force: true })
      mkdirSync(claims)
    },
    async stop () {
      // nginx first (SIGQUIT: finish what is in flight), then php-fpm (SIGQUIT: graceful).
      for (const [child] of [...children].reverse()) await stopChild(child, 'SIGQUIT')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

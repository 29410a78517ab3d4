// Fills Node's compile cache while the image is built, so that a new container does not compile the
// bundle again: runs the image's command (`serve`) until GET /__admin/health answers 200, asks the
// HEALTHCHECK probe once, and stops the server with SIGTERM, which writes the cache as the process
// exits. Run it as the user the image runs as (the cache's subdirectory is named after Node's version
// and the uid). Then it makes the cache readable by everyone, for a later stage to copy owned by root,
// which the runtime user can read but not change.
// Usage: node warm-compile-cache.mjs BUNDLE_DIR CACHE_DIR (this script's own process keeps out of it)
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'

const [bundle, cacheDir] = process.argv.slice(2)
if (bundle === undefined || cacheDir === undefined) throw new Error('usage: node warm-compile-cache.mjs BUNDLE_DIR CACHE_DIR')

function freePort () {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => { resolve(port) })
    })
  })
}

function healthStatus (port) {
  return new Promise((resolve) => {
    const ask = request({ host: '127.0.0.1', port, path: '/__admin/health' }, (response) => {
      response.resume()
      resolve(response.statusCode)
    })
    ask.once('error', () => { resolve(0) })
    ask.end()
  })
}

// Made here too, for a later stage to copy even when Node has no compile cache (before 22.1) and
// leaves the directory uncreated.
mkdirSync(cacheDir, { recursive: true })
const port = await freePort()
const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent' }
const server = spawn(process.execPath, [join(bundle, 'cli.cjs'), 'serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] })
const exited = new Promise((resolve) => server.once('exit', (code, signal) => { resolve(code ?? signal) }))
const deadline = Date.now() + 60_000
while (await healthStatus(port) !== 200) {
  if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before it answered`)
  if (Date.now() > deadline) throw new Error('the server did not answer GET /__admin/health with 200 within 60 s')
  await new Promise((resolve) => setTimeout(resolve, 50))
}
const probe = spawnSync(process.execPath, [join(bundle, 'cli.cjs'), 'healthcheck'], { env, stdio: 'inherit' })
server.kill('SIGTERM')
const code = await exited
if (probe.status !== 0) throw new Error(`the HEALTHCHECK probe exited with ${probe.status}`)
if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM`)

// Node creates the cache's files for its own user only (0600, directories 0700).
let bytes = 0
function openUp (path) {
  const stats = statSync(path)
  chmodSync(path, stats.isDirectory() ? 0o755 : 0o644)
  if (stats.isDirectory()) for (const entry of readdirSync(path)) openUp(join(path, entry))
  else bytes += stats.size
}
openUp(cacheDir)
// An empty cache means a Node without module.enableCompileCache (before 22.1): every start compiles.
console.log(`warm-compile-cache: ${bytes} bytes of compiled code in ${cacheDir}`)

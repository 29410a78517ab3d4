import { spawn } from 'node:child_process'
import { isAscii } from 'node:buffer'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { BUNDLE_FILE, CODE_CACHE_FILE } from '../server/cli/load-bundle.js'

// `npm run build`, after tsc: the server as one file, dist/bundle/mock.cjs, the V8 code cache of a
// start of it, and the launchers that npm start, the bin and the image run (see the README's Start-up).

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist', 'bundle')

/**
 * Fastify requires its default compilers only when the app gives none; the server always gives
 * both (server/admin/boot-options.ts), so they are left out of the bundle: Ajv is loaded when a route
 * first validates (server/admin/lazy-validators.ts), fast-json-stringify never.
 */
const unusedDefaultCompilers: Plugin = {
  name: 'unused-default-compilers',
  setup (build) {
    build.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, (args) => {
      if (!/[\\/]fastify[\\/]lib[\\/]schema-controller\.js$/.test(args.importer)) return undefined
      return { path: args.path, namespace: 'unused-default-compiler' }
    })
    build.onLoad({ filter: /.*/, namespace: 'unused-default-compiler' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`${args.path} is not in the bundle: pass schemaController.compilersFactory (server/admin/boot-options.ts)`)}) }`,
      loader: 'js',
    }))
  },
}

/**
 * Modules that Fastify requires as it loads but uses only on paths a start never takes: Node's HTTPS
 * and HTTP/2 servers (made only when asked for) and semver (a plugin's declared Fastify version range
 * is checked; no plugin registered at start declares one). Fastify gets a stand-in that requires the
 * real module on first use.
 */
const DEFERRED_REQUIRES: Record<string, RegExp> = {
  'node:https': /[\\/]fastify[\\/]lib[\\/]server\.js$/,
  'node:http2': /[\\/]fastify[\\/]lib[\\/]server\.js$/,
  semver: /[\\/]fastify[\\/]lib[\\/]plugin-utils\.js$/,
}
const deferredRequires: Plugin = {
  name: 'deferred-requires',
  setup (build) {
    build.onResolve({ filter: /^(node:https|node:http2|semver)$/ }, (args) => {
      if (!DEFERRED_REQUIRES[args.path]?.test(args.importer)) return undefined
      return { path: args.path, namespace: 'deferred-require', pluginData: { resolveDir: dirname(args.importer) } }
    })
    build.onLoad({ filter: /.*/, namespace: 'deferred-require' }, (args) => ({
      contents: `let real
const load = () => (real ??= require(${JSON.stringify(args.path)}))
module.exports = new Proxy(function deferred () {}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  apply: (_, self, rest) => load().apply(self, rest),
})`,
      loader: 'js',
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
    }))
  },
}

/** The commands, each a CommonJS file (Node loads those faster than an ES module) that runs the bundle. */
const LAUNCHERS: Record<string, string> = {
  // npm start: the serve command; flags after `npm start --` pass through.
  'server.cjs': "loadBundle(__dirname).runCli(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code))",
  // The kaleyra-mock bin, and the image's CMD.
  'cli.cjs': 'loadBundle(__dirname).runCli(process.argv.slice(2)).then((code) => process.exit(code))',
  // The image's HEALTHCHECK.
  'healthcheck.cjs': 'loadBundle(__dirname).probeHealth().then((code) => process.exit(code))',
}

async function bundle (): Promise<void> {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  const common = { absWorkingDir: ROOT, bundle: true, format: 'cjs', platform: 'node', target: 'node20.11', logLevel: 'warning' } as const
  await build({
    ...common,
    entryPoints: ['server/cli/bundled.ts'],
    outfile: join(OUT, BUNDLE_FILE),
    // Native code and rare commands stay in node_modules, required when used (kaleyra-mock verify; MOCK_STORE=redis).
    external: ['@pact-foundation/pact-core', 'ioredis'],
    plugins: [unusedDefaultCompilers, deferredRequires],
    // Comments out (licence comments go to mock.cjs.LEGAL.txt) so the file is ASCII; names are kept,
    // so stack traces still name functions (dist/server/cli/bin.js runs the same code unbundled).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
  })
  await build({ ...common, entryPoints: ['server/cli/load-bundle.ts'], outfile: join(OUT, 'load-bundle.cjs') })
  for (const [name, call] of Object.entries(LAUNCHERS)) {
    writeFileSync(join(OUT, name), `#!/usr/bin/env node\n'use strict'\nconst { loadBundle } = require('./load-bundle.cjs')\n${call}\n`, { mode: 0o755 })
  }
}

function healthStatus (port: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/__admin/health' }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    probe.once('error', () => resolve(0))
    probe.end()
  })
}

/**
 * Starts the bundled server once, as npm start does (port 0 on 127.0.0.1, default settings), until
 * its first healthy answer, then stops it; its loader writes the code cache as it exits. Run with
 * this Node and no NODE_OPTIONS, so that the cache is made under the V8 flags `node` starts with.
 */
async function writeCodeCache (): Promise<void> {
  const launch = `require(${JSON.stringify(join(OUT, 'load-bundle.cjs'))}).loadBundle(${JSON.stringify(OUT)}, { writeCodeCache: true }).runCli(['serve']).then((code) => process.exit(code))`
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: undefined }
  const child = spawn(process.execPath, ['-e', launch], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (listening !== null) resolve(Number(listening[1]))
    })
    exited.then((code) => reject(new Error(`the bundled server exited (${code}) before listening:\n${output}`)))
  })
  const deadline = Date.now() + 30_000
  while (await healthStatus(port) !== 200) {
    if (Date.now() > deadline) throw new Error('the bundled server did not answer GET /__admin/health with 200 within 30 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  child.kill('SIGTERM')
  const code = await exited
  if (code !== 0 || !existsSync(join(OUT, CODE_CACHE_FILE))) throw new Error(`the bundled server exited with ${code} and no code cache:\n${output}`)
}

await bundle()
const bundled = readFileSync(join(OUT, BUNDLE_FILE))
// The loader decodes it as Latin-1 (ASCII is), and code run by vm.Script cannot call import() (Node 20
// needs a flag for that): esbuild turns import('name') into require, so one left here has a computed name.
if (!isAscii(bundled)) throw new Error(`${BUNDLE_FILE} is not ASCII`)
if (/\bimport\(/.test(bundled.toString('latin1'))) throw new Error(`${BUNDLE_FILE} calls import(), which vm.Script cannot run`)
await writeCodeCache()

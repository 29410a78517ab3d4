import { build, type Plugin } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist', 'bundle')

/**
 * Fastify requires its default compilers only when the app gives none; the server always gives
 * both (server/boot-options.ts), so they are left out of the bundle: Ajv comes in its own chunk
 * when a route first validates (server/lazy-validators.ts), fast-json-stringify never.
 */
const unusedDefaultCompilers: Plugin = {
  name: 'unused-default-compilers',
  setup (build) {
    build.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, (args) => {
      if (!/[\\/]fastify[\\/]lib[\\/]schema-controller\.js$/.test(args.importer)) return undefined
      return { path: args.path, namespace: 'unused-default-compiler' }
    })
    build.onLoad({ filter: /.*/, namespace: 'unused-default-compiler' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`${args.path} is not in the bundle: pass schemaController.compilersFactory (server/boot-options.ts)`)}) }`,
      loader: 'js',
    }))
  },
}

/**
 * Modules that Fastify requires as it loads but uses only on paths a start never takes: Node's HTTPS
 * and HTTP/2 servers (made only when asked for) and semver (a plugin's declared Fastify version range
 * is checked; no plugin registered at start declares one). Fastify gets a stand-in that requires the
 * real module on first use: about 10 ms less at each start on the 2-core VM.
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

rmSync(OUT, { recursive: true, force: true })
await build({
  absWorkingDir: ROOT,
  entryPoints: { server: 'server/server.ts', cli: 'server/bin.ts', healthcheck: 'server/healthcheck.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.11',
  external: ['@pact-foundation/pact-core', 'ioredis'],
  plugins: [unusedDefaultCompilers, deferredRequires],
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module'",
      "import { dirname as __bundleDirname } from 'node:path'",
      "import { fileURLToPath as __bundlePath } from 'node:url'",
      'const require = __bundleRequire(import.meta.url)',
      'const __filename = __bundlePath(import.meta.url)',
      'const __dirname = __bundleDirname(__filename)',
    ].join('; ') + ';',
  },
  chunkNames: 'chunks/[name]-[hash]',
  // Less for V8 to parse at every start (1.4 MB to 0.95 MB); names are kept, so stack traces
  // still name functions, and `node --enable-source-maps` maps them back to the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
})

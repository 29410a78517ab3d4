import { build, type Plugin } from 'esbuild'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

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
  plugins: [unusedDefaultCompilers],
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

import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

// `npm run build`, after tsc: the server as one CommonJS file, dist/bundle/mock.cjs (one file loads
// much faster than the four hundred modules it is made of), and the commands that run it.

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist', 'bundle')

/**
 * The one launcher, dist/bundle/cli.cjs: the package's bin, `npm start` (`cli.cjs serve`) and the image's
 * command and HEALTHCHECK (`cli.cjs healthcheck`). It enables Node's compile cache before it loads the
 * bundle: from Node 22 on, V8's compiled code is kept in NODE_COMPILE_CACHE, or else in node-compile-cache
 * under the OS temp directory, and later starts read it back instead of compiling again. The image sets
 * NODE_COMPILE_CACHE to a cache made while it is built (Dockerfile), so that a new container does not
 * start with an empty one.
 */
const LAUNCHER = [
  '#!/usr/bin/env node',
  "'use strict'",
  "require('node:module').enableCompileCache?.()",
  "require('./mock.cjs')",
  '',
].join('\n')

rmSync(OUT, { recursive: true, force: true })
mkdirSync(OUT, { recursive: true })
await build({
  absWorkingDir: ROOT,
  entryPoints: ['server/cli/bin.ts'],
  outfile: join(OUT, 'mock.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  // CommonJS has no import.meta; mock.cjs's own __dirname is dist/bundle (the inspector finds its page from it).
  define: { 'import.meta.dirname': '__dirname' },
  // Native code and rare commands stay in node_modules, required when used (kaleyra-mock verify; MOCK_STORE=redis; --log-format pretty).
  external: ['@pact-foundation/pact-core', 'ioredis', 'pino-pretty'],
  // Names are kept, so stack traces still name functions (dist/server/cli/bin.js is the same code unbundled).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
})
const launcher = join(OUT, 'cli.cjs')
writeFileSync(launcher, LAUNCHER)
chmodSync(launcher, 0o755)

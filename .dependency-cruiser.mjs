/*
 * The layers of server/, bottom to top. A module may import from its own layer and the layers
 * below it, never from one above; no two folders may import each other, directly or round a
 * cycle. Type-only imports count: a type is as much a dependency of the design as a value.
 * docs/architecture.md draws these layers and test/repo/layers.test.ts checks the drawing
 * against this list. Every folder of server/ that is not named here is a capability, and every file
 * directly in server/ but app.ts is an entry point.
 */
const NAMED = ['platform', 'http', 'state', 'admin', 'cli']

export const LAYERS = [
  { name: 'platform', holds: 'Redis connection, clock and script runner; durable file write; sha256; store wait; settings parsers', paths: ['server/platform/'] },
  { name: 'wire format', holds: 'catalogue and envelope builder, error and not-found handlers, body parsers (multipart/), limits', paths: ['server/http/'] },
  { name: 'capabilities', holds: 'each with its interface, backends (Lua beside the Redis one) and admin routes', paths: [`server/(?!(${NAMED.join('|')})/)[^/]+/`] },
  { name: 'composition', holds: 'choosing and assembling a backend set, snapshots, the admin API, the app factory', paths: ['server/state/', 'server/admin/', 'server/app\\.ts$'] },
  { name: 'entry points', holds: 'the CLI; the package\'s entries and what only they use: startMockServer, its options, the admin client', paths: ['server/cli/', 'server/(?!app\\.ts$)[^/]+\\.ts$'] },
]

const pathsOf = (layers) => layers.flatMap((layer) => layer.paths).map((path) => `^${path}`)

export default {
  forbidden: [
    ...LAYERS.slice(0, -1).map((layer, index) => ({
      name: `no-upward-import-from-${layer.name.replace(' ', '-')}`,
      comment: `${layer.name} may import only from itself and the layers below it`,
      severity: 'error',
      from: { path: pathsOf([layer]) },
      to: { path: pathsOf(LAYERS.slice(index + 1)) },
    })),
    {
      name: 'no-folder-cycle',
      comment: 'two folders that import each other, directly or round a cycle, are one design in two rooms',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlayered-module',
      comment: 'every module of server/ belongs to a layer above',
      severity: 'error',
      from: { path: '^server/', pathNot: pathsOf(LAYERS) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^server/',
    // TypeScript 7 has no compiler API for dependency-cruiser yet; swc parses the sources, type-only imports included.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}

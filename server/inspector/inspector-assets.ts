import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'

/** The built page: its shell and the files the shell links (scripts/build-inspector.ts writes them). */
export interface InspectorAssets {
  shell: Buffer
  /** By file name; names carry a hash of the content, so they can be cached for good. */
  files: ReadonlyMap<string, { body: Buffer, type: string }>
}

const SHELL_FILE = 'index.html'

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

/**
 * Where `npm run build` put the page: dist/inspector, found from the bundle (dist/bundle, where
 * the build defines import.meta.dirname as __dirname), the compiled server (dist/server/inspector)
 * or the sources (server/inspector).
 */
export function defaultAssetsDirectory (from: string = import.meta.dirname): string | undefined {
  const candidates = [join(from, '..', 'inspector'), join(from, '..', '..', 'inspector'), join(from, '..', '..', 'dist', 'inspector')]
  return candidates.find((directory) => existsSync(join(directory, SHELL_FILE)))
}

/** Reads the page once, at start: a few tens of KB, then served from memory. */
export function readInspectorAssets (directory: string | undefined): InspectorAssets | undefined {
  if (directory === undefined || !existsSync(join(directory, SHELL_FILE))) return undefined
  const files = new Map<string, { body: Buffer, type: string }>()
  for (const name of readdirSync(directory)) {
    const type = TYPES[extname(name)]
    if (type !== undefined) files.set(name, { body: readFileSync(join(directory, name)), type })
  }
  return { shell: readFileSync(join(directory, SHELL_FILE)), files }
}

import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { adminPath } from '../server/http/admin-route-table.js'

// `npm run build`: the inspector page (inspector/, whose shell.html becomes index.html) into dist/inspector, which the server reads at
// start (server/inspector/inspector-assets.ts). File names carry a content hash, so the server
// lets browsers cache them for good; only index.html is revalidated.

const ROOT = join(import.meta.dirname, '..')
export const INSPECTOR_OUT = join(ROOT, 'dist', 'inspector')
/** The page's script and style together; the issue asks for a few tens of KB. */
export const ASSET_BUDGET_BYTES = 64 * 1024

export async function buildInspector (outdir: string = INSPECTOR_OUT): Promise<{ bytes: number }> {
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(outdir, { recursive: true })
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['inspector/main.ts', 'inspector/inspector.css'],
    entryNames: '[name]-[hash]',
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    metafile: true,
    logLevel: 'warning',
  })
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path))
  const script = outputs.find((name) => name.endsWith('.js'))
  const style = outputs.find((name) => name.endsWith('.css'))
  if (script === undefined || style === undefined) throw new Error(`the inspector build wrote ${outputs.join(', ')}`)
  // The page's own icon, so the browser's /favicon.ico guess never lands in the request journal.
  const icon = readFileSync(join(ROOT, 'inspector', 'icon.svg'))
  const iconName = `icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`
  writeFileSync(join(outdir, iconName), icon)
  // The shell names its files by their URLs, which the route table gives.
  const asset = (name: string): string => adminPath('inspectorAsset', { name })
  const shell = readFileSync(join(ROOT, 'inspector', 'shell.html'), 'utf8').replace('{{script}}', asset(script)).replace('{{style}}', asset(style)).replace('{{icon}}', asset(iconName))
  writeFileSync(join(outdir, 'index.html'), shell)
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0) + Buffer.byteLength(shell) + icon.length
  if (bytes > ASSET_BUDGET_BYTES) throw new Error(`the inspector page is ${bytes} bytes, over its ${ASSET_BUDGET_BYTES}-byte budget`)
  return { bytes }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildInspector()
}

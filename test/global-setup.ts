import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/**
 * Builds dist/ once as `npm run build` does (tsc, then the bundle), so the tests that start
 * processes run the real bin (`kaleyra-mock`), not a transpiler.
 */
export default function setup (): void {
  const root = join(import.meta.dirname, '..')
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' })
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bundle.ts')], { cwd: root, stdio: 'inherit' })
}

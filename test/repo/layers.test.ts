import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const CONFIG = join(ROOT, '.dependency-cruiser.mjs')
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs')

interface Layer { name: string, holds: string, paths: string[] }
const { LAYERS } = await import(pathToFileURL(CONFIG).href) as { LAYERS: Layer[] }

interface Violation { rule: { name: string }, from: string, to: string }

/** Runs the project's dependency rules over a tree of small modules written to a temporary folder. */
async function violationsIn (files: Record<string, string>): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mock-layers-'))
  made.push(dir)
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const { stdout } = await promisify(execFile)(process.execPath, [DEPCRUISE, 'server', '--config', CONFIG, '--output-type', 'json'], { cwd: dir }).catch((error: { stdout: string }) => error)
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations
}
const made: string[] = []
afterAll(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

describe('the dependency rules', () => {
  it('refuse an upward import, a type-only one included, and a cycle between two capability folders', async () => {
    const violations = await violationsIn({
      'server/platform/clock.ts': "import { ERRORS } from '../http/errors.js'\nexport const clock = ERRORS\n",
      'server/http/errors.ts': "import type { Account } from '../accounts/account.js'\nexport const ERRORS: Account[] = []\n",
      'server/accounts/account.ts': "import { entries } from '../journal/journal.js'\nexport interface Account { entries: typeof entries }\n",
      'server/journal/journal.ts': "import type { Account } from '../accounts/account.js'\nexport const entries: Account[] = []\n",
      'server/cli/cli.ts': "import { clock } from '../platform/clock.js'\nexport const cli = clock\n",
    })
    expect(violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort()).toEqual([
      'no-folder-cycle: server/accounts → server/journal',
      'no-folder-cycle: server/journal → server/accounts',
      'no-upward-import-from-platform: server/platform/clock.ts → server/http/errors.ts',
      'no-upward-import-from-wire-format: server/http/errors.ts → server/accounts/account.ts',
    ])
  })

  it('pass a tree whose imports all point down', async () => {
    expect(await violationsIn({
      'server/platform/clock.ts': 'export const clock = 1\n',
      'server/http/errors.ts': "import { clock } from '../platform/clock.js'\nexport const ERRORS = [clock]\n",
      'server/journal/journal.ts': "import { ERRORS } from '../http/errors.js'\nexport const entries = ERRORS\n",
      'server/state/state.ts': "import { entries } from '../journal/journal.js'\nexport const state = entries\n",
      'server/app.ts': "import { state } from './state/state.js'\nexport const app = state\n",
      'server/cli/cli.ts': "import { app } from '../app.js'\nexport const cli = app\n",
    })).toEqual([])
  })
})

/** The drawing docs/architecture.md must hold, made from the rules' layers and the folders of server/. */
function layerDrawing (): string {
  const entries = readdirSync(join(ROOT, 'server'), { withFileTypes: true })
    .map((entry) => `server/${entry.name}${entry.isDirectory() ? '/' : ''}`)
    .sort()
  const blocks = [...LAYERS].reverse().map((layer) => {
    const paths = layer.paths.flatMap((path) => entries.filter((entry) => new RegExp(`^${path}`).test(entry)))
    return [`${layer.name.padEnd(14)}${paths.join('  ')}`, `${' '.repeat(14)}(${layer.holds})`].join('\n')
  })
  return blocks.join('\n      ↓ imports only what is below it\n')
}

describe('docs/architecture.md', () => {
  it('draws the layers the dependency rules enforce, with every folder of server/ in its layer', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')
    const drawn = /<!-- layers: checked by test\/repo\/layers.test.ts -->\n```\n([\s\S]*?)\n```/.exec(doc)?.[1]
    expect(drawn, 'the drawing in docs/architecture.md, made from .dependency-cruiser.mjs').toBe(layerDrawing())
  })
})

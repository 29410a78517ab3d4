// Rewrites ./package.json to depend on the named modules only, for the image's runtime stage: the
// bundle (dist/bundle) carries everything else, and `npm install` then keeps the lock file's versions
// of what is left. Usage: node runtime-package.mjs MODULE...
import { readFileSync, writeFileSync } from 'node:fs'

const keep = new Set(process.argv.slice(2))
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
for (const field of ['dependencies', 'optionalDependencies']) {
  pkg[field] = Object.fromEntries(Object.entries(pkg[field] ?? {}).filter(([name]) => keep.has(name)))
}
const missing = [...keep].filter((name) => pkg.dependencies[name] === undefined && pkg.optionalDependencies[name] === undefined)
if (missing.length > 0) throw new Error(`package.json does not depend on ${missing.join(', ')}`)
// No build and no lifecycle scripts in the runtime stage.
delete pkg.devDependencies
delete pkg.scripts
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n')

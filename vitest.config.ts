import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import { missingReferencePackages } from './parity/laravel-reference.js'

// Suites that need a real redis-server (*.redis.test.ts) are collected only when one is installed;
// CI (.ci/run) installs it and sets MOCK_REQUIRE_REDIS=1, so there they always run.
const hasRedis = spawnSync('redis-server', ['--version']).status === 0
if (!hasRedis) {
  if (process.env.MOCK_REQUIRE_REDIS === '1') throw new Error('redis-server is required here (MOCK_REQUIRE_REDIS=1) but was not found.')
  console.warn('redis-server not found: the Redis suites (test/**/*.redis.test.ts) are not run; install it with `apt-get update && apt-get install -y redis-server`.')
}

// The container suites (*.podman.test.ts) build the Dockerfile and run the image and the compose file;
// they need podman and podman-compose, and CI (.ci/run) installs both and sets MOCK_REQUIRE_PODMAN=1.
const missingEngine = ['podman', 'podman-compose'].filter((tool) => spawnSync(tool, ['--version']).status !== 0)
const hasPodman = missingEngine.length === 0
if (!hasPodman) {
  if (process.env.MOCK_REQUIRE_PODMAN === '1') throw new Error(`MOCK_REQUIRE_PODMAN=1 needs ${missingEngine.join(' and ')}, not found here.`)
  console.warn(`${missingEngine.join(' and ')} not found: the container suite (test/**/*.podman.test.ts) is not run; install with \`apt-get update && apt-get install -y podman runc podman-compose golang-github-containernetworking-plugin-dnsname\` (podman settings and base images: .ci/run).`)
}

// The full-disk suite (*.tmpfs.test.ts) mounts a small tmpfs, which needs root; it is collected only where
// a probe mount works. CI (.ci/run) runs as root and sets MOCK_REQUIRE_TMPFS=1, so there it always runs.
function canMountTmpfs (): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'mock-tmpfs-probe-'))
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe]).status !== 0) return false
    spawnSync('umount', [probe])
    return true
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}
const hasTmpfs = canMountTmpfs()
if (!hasTmpfs) {
  if (process.env.MOCK_REQUIRE_TMPFS === '1') throw new Error('mounting a tmpfs is required here (MOCK_REQUIRE_TMPFS=1) but failed; the full-disk suite needs root.')
  console.warn('a tmpfs could not be mounted (it needs root): the full-disk suite (test/**/*.tmpfs.test.ts) is not run.')
}

// The inspector's browser suites (*.browser.test.ts) drive Debian's Chromium with playwright-core; they are
// collected only where it is installed, and CI (.ci/run) installs it and sets MOCK_REQUIRE_BROWSER=1.
const chromiumPath = process.env.MOCK_CHROMIUM ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
if (!hasChromium) {
  if (process.env.MOCK_REQUIRE_BROWSER === '1') throw new Error(`Chromium is required here (MOCK_REQUIRE_BROWSER=1) but ${chromiumPath} was not found.`)
  console.warn(`Chromium not found at ${chromiumPath}: the inspector's browser suites (test/**/*.browser.test.ts) are not run; install it with \`apt-get update && apt-get install -y chromium\`.`)
}

// The parity suite (parity/) runs the mock against a Laravel reference served by nginx and php-fpm;
// it is collected where those are installed, and CI (.ci/run) installs them and sets MOCK_REQUIRE_PARITY=1.
const missingParity = missingReferencePackages()
const hasParity = missingParity.length === 0
if (!hasParity) {
  if (process.env.MOCK_REQUIRE_PARITY === '1') throw new Error(`MOCK_REQUIRE_PARITY=1 needs ${missingParity.join(', ')}, not found here.`)
  console.warn(`${missingParity.join(', ')} not found: the parity suite (parity/*.test.ts) is not run; install with \`apt-get update && apt-get install -y ${missingParity.join(' ')}\`.`)
}
// Generated requests per parity run; `npm run parity -- --runs N` (parity/parity.ts) sends more and writes docs/parity.md.
const parityRuns = Number(process.env.PARITY_RUNS ?? 2_000)
const parityReport = process.env.PARITY_REPORT === '1'
// The generated requests' seed; `npm run parity -- --seed N` tries others (the report is written for the CI seed only).
const paritySeed = process.env.PARITY_SEED === undefined ? undefined : Number(process.env.PARITY_SEED)

// Requests the fuzz target sends per run; FUZZ_RUNS=100000 npm test for a longer hunt.
const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 10_000)

// The tests that run what `npm run build` writes (dist/): only their project builds it first.
// The inspector's suites serve the page the build put in dist/inspector, and start the bundle.
const runsBuild = ['test/cli/cli.test.ts', 'test/system/package-install.test.ts', 'test/system/shutdown.test.ts', 'test/system/start-command.test.ts', 'test/system/inspector.browser.test.ts', 'test/inspector/*.test.ts', 'test/fixtures/*.test.ts', 'test/faults/hang-shutdown.test.ts']
const exclude = [
  ...configDefaults.exclude,
  ...(hasRedis ? [] : ['test/**/*.redis.test.ts']),
  ...(hasPodman ? [] : ['test/**/*.podman.test.ts']),
  ...(hasTmpfs ? [] : ['test/**/*.tmpfs.test.ts']),
  ...(hasChromium ? [] : ['test/**/*.browser.test.ts']),
]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A passing run is a line of dots and a summary; a failing test still shows its assertion and its logs.
    reporters: ['dot'],
    silent: 'passed-only',
    env: { PACT_DO_NOT_TRACK: 'true' },
    provide: { fuzzRuns, chromiumPath, parityRuns, parityReport, paritySeed },
    projects: [
      { extends: true, test: { name: 'source', include: ['test/**/*.test.ts', 'contracts/**/*.test.ts'], exclude: [...exclude, ...runsBuild] } },
      { extends: true, test: { name: 'build', include: runsBuild, exclude, globalSetup: ['test/support/global-setup.ts'] } },
      { extends: true, test: { name: 'parity', include: hasParity ? ['parity/**/*.test.ts'] : [] } },
    ],
  },
})

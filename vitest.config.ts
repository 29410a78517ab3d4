import { defineConfig } from 'vitest/config'

// Requests the fuzz target sends per run; FUZZ_RUNS=100000 npm test for a longer hunt.
const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 10_000)

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contracts/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    env: { PACT_DO_NOT_TRACK: 'true' },
    provide: { fuzzRuns },
  },
})

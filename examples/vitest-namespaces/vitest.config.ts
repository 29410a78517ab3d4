import { defineConfig } from 'vitest/config'

// Eight test files at once against one mock, each in namespaces of its own. The mock is the one at
// KALEYRA_MOCK_URL (the image as a CI service), or one started for the run by global-setup.ts.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    globalSetup: ['global-setup.ts'],
    pool: 'threads',
    maxWorkers: 8,
    fileParallelism: true,
  },
})

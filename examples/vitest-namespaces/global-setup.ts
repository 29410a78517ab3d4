import type { TestProject } from 'vitest/node'
// A client team imports from 'kaleyra-whatsapp-activation-mock'; this copy runs inside the project.
import { startMockServer } from '../../server/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string
  }
}

/** One mock for the whole run: the one at KALEYRA_MOCK_URL, or one started here and closed after. */
export default async function setup (project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const running = process.env.KALEYRA_MOCK_URL
  if (running !== undefined) {
    project.provide('mockUrl', running)
    return undefined
  }
  const mock = await startMockServer({ seed: 'example' })
  project.provide('mockUrl', mock.url)
  return () => mock.close()
}

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { startTestServer } from './server-helpers.js'
import type { MockServer, MockServerOptions } from '../../server/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string
  }
}

/** Debian's Chromium, quiet: no sandbox (root in CI), no GPU, nothing fetched from the network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

let browser: Browser
const contexts: BrowserContext[] = []

/**
 * One Chromium for the file; each test gets a fresh context and server, which serves the page
 * test/support/global-setup.ts built into dist/inspector, as `npm run build` does.
 */
export function useBrowser (): void {
  beforeAll(async () => {
    // playwright gives each launch a fresh temporary profile (its --user-data-dir).
    browser = await chromium.launch({ executablePath: inject('chromiumPath'), headless: true, args: CHROMIUM_ARGS })
  }, 60_000)
  afterEach(async () => { await Promise.all(contexts.splice(0).map((context) => context.close())) })
  afterAll(async () => {
    await browser?.close()
  })
}

export interface Inspector {
  server: MockServer
  page: Page
  /** Console errors and CSP violations the page reported. */
  problems: string[]
}

/** A mock on a free port and a new browser context with the inspector open. */
export async function openInspector (options: MockServerOptions = {}, path = '/__admin/ui'): Promise<Inspector> {
  const server = await startTestServer(options)
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()) })
  page.on('pageerror', (error) => { problems.push(error.message) })
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss() })
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (event) => { console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI) })")
  await page.goto(`${server.url}${path}`)
  return { server, page, problems }
}

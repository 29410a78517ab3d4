import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { CHROMIUM_ARGS } from '../support/browser.js'
import { startTestServer } from '../support/server-helpers.js'
import type { MockServer } from '../../server/index.js'

const SEEDED = { sid: 'HXSEEDED', state: 'submitted' } as const
const FORM_STATE = 'account HXFORM has already submitted an activation request'

/** One Chromium for the file, as the inspector's suites run it; a fresh context per page. */
let browser: Browser
const pages: Page[] = []
const sites: Server[] = []

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: inject('chromiumPath'), headless: true, args: CHROMIUM_ARGS })
}, 60_000)
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()))
  await Promise.all(sites.splice(0).map((site) => new Promise((resolve) => site.close(resolve))))
})
afterAll(async () => { await browser?.close() })

/** Another web site, on its own port: it serves one page, whatever the path. */
async function startSite (html: string): Promise<number> {
  const site = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html))
  sites.push(site)
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  return (site.address() as AddressInfo).port
}

/** A mock with one submitted account, so a reset that got through would show. */
async function seededMock (): Promise<MockServer> {
  const mock = await startTestServer()
  await mock.app.state.accounts.seed(SEEDED.sid, SEEDED.state)
  return mock
}

/** Opens `url` in a fresh context and returns the mock's answer to the first request for `path`. */
async function visit (url: string, path: string): Promise<number> {
  const page = await (await browser.newContext()).newPage()
  pages.push(page)
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === path)
  await page.goto(url)
  return (await answer).status()
}

const noCorsReset = (mock: MockServer) => `<script>fetch(${JSON.stringify(`${mock.url}/__admin/reset`)}, { method: 'POST', mode: 'no-cors' })</script>`

describe('another site\'s page in Chromium, with no admin token set', () => {
  it('cannot reset the mock with a no-cors fetch from another host', async () => {
    const mock = await seededMock()
    const port = await startSite(noCorsReset(mock))
    expect(await visit(`http://localhost:${port}/`, '/__admin/reset')).toBe(403)
    expect(await mock.app.state.accounts.get(SEEDED.sid)).toEqual(SEEDED)
  })

  it('cannot reset the mock from another port of the same host, which the browser calls the same site', async () => {
    const mock = await seededMock()
    const port = await startSite(noCorsReset(mock))
    expect(await visit(`http://127.0.0.1:${port}/`, '/__admin/reset')).toBe(403)
    expect(await mock.app.state.accounts.get(SEEDED.sid)).toEqual(SEEDED)
  })

  it('cannot seed a provider state with a submitted form', async () => {
    const mock = await seededMock()
    const port = await startSite(`<form method="post" action="${mock.url}/__admin/provider-states"><input name="state" value="${FORM_STATE}"></form><script>document.forms[0].submit()</script>`)
    expect(await visit(`http://localhost:${port}/`, '/__admin/provider-states')).toBe(403)
    expect(await mock.app.state.accounts.get('HXFORM')).toEqual({ sid: 'HXFORM', state: 'fresh' })
  })

  it('still reaches the vendor endpoint, which answers as it would any client', async () => {
    const mock = await seededMock()
    const port = await startSite(`<script>fetch(${JSON.stringify(`${mock.url}/v1/HXPAGE/whatsapp/activation`)}, { method: 'POST', mode: 'no-cors' })</script>`)
    // A no-cors request cannot carry the api-key header, so the endpoint's own 401 answers, not the admin API's 403.
    expect(await visit(`http://localhost:${port}/`, '/v1/HXPAGE/whatsapp/activation')).toBe(401)
  })
})

describe('the mock\'s own origin in Chromium', () => {
  it('resets the mock from a page of its own, as the inspector does', async () => {
    const mock = await seededMock()
    const page = await (await browser.newContext()).newPage()
    pages.push(page)
    await page.goto(`${mock.url}/__admin/health`)
    const status = await page.evaluate(async () => (await fetch('/__admin/reset', { method: 'POST' })).status)
    expect(status).toBe(200)
    expect(await mock.app.state.accounts.get(SEEDED.sid)).not.toEqual(SEEDED)
  })
})

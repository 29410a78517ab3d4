import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { CHROMIUM_ARGS } from '../support/browser.js'
import { startTestServer } from '../support/server-helpers.js'
import type { MockServer, MockServerOptions } from '../../server/index.js'

const SEEDED = { sid: 'HXSEEDED', state: 'submitted' } as const
/** An attacker's name: Chromium resolves it to 127.0.0.1, as a rebinding DNS server would after its first answer. */
const REBOUND = 'rebound.example'

let browser: Browser
const pages: Page[] = []

beforeAll(async () => {
  // Chromium's own local-network checks would stop a page it thinks public from calling a loopback
  // address; Firefox and Safari have none, and the mock must not rely on one browser's defence.
  const localNetworkChecks = 'LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults'
  browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`, `--disable-features=${localNetworkChecks}`],
  })
}, 60_000)
afterEach(async () => { await Promise.all(pages.splice(0).map((page) => page.context().close())) })
afterAll(async () => { await browser?.close() })

async function seededMock (options: MockServerOptions = {}): Promise<MockServer> {
  const mock = await startTestServer(options)
  await mock.app.state.accounts.seed(SEEDED.sid, SEEDED.state)
  return mock
}

/**
 * The attacker's page at http://rebound.example:<the mock's port>/: its document comes from the
 * attacker (the first DNS answer), every later request of the page reaches the mock (the second).
 * The page then calls `path` as a same-origin page and the mock's answer is returned.
 */
async function fromReboundPage (mock: MockServer, path: string, init: { method: string, body?: string, headers?: Record<string, string> }): Promise<{ status: number, body: string }> {
  const page = await (await browser.newContext()).newPage()
  pages.push(page)
  const origin = `http://${REBOUND}:${mock.port}`
  await page.route(`${origin}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Cute cats</h1>' }), { times: 1 })
  await page.goto(`${origin}/`)
  return page.evaluate(async ([url, options]) => {
    const response = await fetch(url, options)
    return { status: response.status, body: await response.text() }
  }, [path, init] as const)
}

describe('a page whose own name was rebound to the mock\'s address, in Chromium, with no admin token', () => {
  it('cannot reset the mock, though the browser sees a same-origin request', async () => {
    const mock = await seededMock()
    const answer = await fromReboundPage(mock, '/__admin/reset', { method: 'POST' })
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'E403', error: { message: `The admin API does not answer for the host "${REBOUND}" (MOCK_ALLOWED_HOSTS).` } })
    expect(await mock.app.state.accounts.get(SEEDED.sid)).toEqual(SEEDED)
  })

  it('cannot read the journal or seed an account either', async () => {
    const mock = await seededMock()
    expect((await fromReboundPage(mock, '/__admin/requests', { method: 'GET' })).status).toBe(403)
    const seed = await fromReboundPage(mock, '/__admin/accounts/HXPAGE', { method: 'PUT', body: '{"state":"submitted"}', headers: { 'content-type': 'application/json' } })
    expect(seed.status).toBe(403)
    expect(await mock.app.state.accounts.get('HXPAGE')).toEqual({ sid: 'HXPAGE', state: 'fresh' })
  })

  it('still reaches the vendor endpoint, which answers any Host as the vendor\'s did', async () => {
    const mock = await seededMock()
    const answer = await fromReboundPage(mock, '/v1/HXPAGE/whatsapp/activation', { method: 'POST', headers: { 'api-key': 'k' }, body: '' })
    // The endpoint's own validation answers, not the admin API's 403.
    expect(answer.status).toBe(400)
  })

  it('resets the mock when the operator allows the name', async () => {
    const mock = await seededMock({ allowedHosts: [REBOUND] })
    expect((await fromReboundPage(mock, '/__admin/reset', { method: 'POST' })).status).toBe(200)
    expect(await mock.app.state.accounts.get(SEEDED.sid)).toEqual({ sid: SEEDED.sid, state: 'fresh' })
  })
})

describe('the mock\'s own pages in Chromium', () => {
  it.each(['127.0.0.1', 'localhost'])('reset the mock from %s, as the inspector does', async (name) => {
    const mock = await seededMock()
    const page = await (await browser.newContext()).newPage()
    pages.push(page)
    await page.goto(`http://${name}:${mock.port}/__admin/health`)
    expect(await page.evaluate(async () => (await fetch('/__admin/reset', { method: 'POST' })).status)).toBe(200)
    expect(await mock.app.state.accounts.get(SEEDED.sid)).toEqual({ sid: SEEDED.sid, state: 'fresh' })
  })
})

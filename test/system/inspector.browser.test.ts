import axe from 'axe-core'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { API_KEY, readCertificate, VALID_FIELDS } from '../support/helpers.js'
import { openInspector, useBrowser } from '../support/browser.js'

useBrowser()

/** What a client would send, over a real socket, as curl -F does. */
async function send (baseUrl: string, sid: string, fields: Record<string, string> = VALID_FIELDS, certificate = { bytes: readCertificate('certificate.png'), filename: 'certificate.png', type: 'image/png' }): Promise<Response> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('business_certificate', new Blob([certificate.bytes], { type: certificate.type }), certificate.filename)
  return fetch(`${baseUrl}/v1/${encodeURIComponent(sid)}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY }, body: form })
}

const row = (page: Page, sid: string) => page.locator('#requests-body tr', { has: page.locator('td.sid', { hasText: sid }) })

describe('inspector in Chromium', () => {
  it('loads with no console errors or CSP violations and says the journal is live', async () => {
    const { page, problems } = await openInspector()
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Live: 0 requests journalled/)
    expect(await page.title()).toBe('Inspector · Kaleyra WhatsApp activation mock')
    expect(problems).toEqual([])
  })

  it('shows a request sent by a client without a reload, keeping the selection', async () => {
    const { page, server, problems } = await openInspector()
    await send(server.url, 'HXFIRST')
    await row(page, 'HXFIRST').locator('button').click()
    const navigations: string[] = []
    page.on('framenavigated', (frame) => navigations.push(frame.url()))
    await send(server.url, 'HXSECOND', { ...VALID_FIELDS, business_id: '1.0' })
    await expect.poll(() => row(page, 'HXSECOND').count(), { timeout: 5000 }).toBe(1)
    expect(await page.locator('#requests-body tr').first().locator('td.sid').textContent()).toBe('HXSECOND')
    expect(await page.locator('#request-detail h3').textContent()).toBe('Request #1')
    expect(await row(page, 'HXFIRST').getAttribute('class')).toBe('selected')
    expect(navigations).toEqual([])
    expect(problems).toEqual([])
  })

  it('paints a full 1,000-entry journal and keeps the rows in view where they were as new ones arrive', async () => {
    const { page, server } = await openInspector({ journalSize: 1000 })
    for (let i = 0; i < 1000; i++) await server.app.inject({ method: 'POST', url: `/v1/HXMANY${i}/whatsapp/activation`, headers: { 'api-key': API_KEY }, payload: {} })
    await expect.poll(() => page.locator('#requests-body tr').count(), { timeout: 10_000 }).toBe(1000)
    const target = row(page, 'HXMANY500')
    await target.locator('button').click()
    const scroller = page.locator('#requests-scroller')
    await scroller.evaluate((element: { scrollTop: number }) => { element.scrollTop = 9000 })
    const top = async () => (await target.boundingBox())?.y
    const before = await top()
    await send(server.url, 'HXNEWEST')
    await expect.poll(() => row(page, 'HXNEWEST').count()).toBe(1)
    // Within a pixel: scrollTop is kept in device pixels.
    expect(Math.abs((await top())! - before!)).toBeLessThan(1)
    expect(await scroller.evaluate((element: { scrollTop: number }) => element.scrollTop)).toBeGreaterThan(9000)
    expect(await target.getAttribute('class')).toBe('selected')
  })

  it('shows the declared/sniffed mismatch and the rule in a sentence in the detail', async () => {
    const { page, server } = await openInspector()
    const answer = await send(server.url, 'HXGIF', VALID_FIELDS, { bytes: readCertificate('certificate.gif'), filename: 'logo.png', type: 'image/png' })
    expect(answer.status).toBe(400)
    await row(page, 'HXGIF').locator('button').click()
    const detail = page.locator('#request-detail')
    expect(await detail.getByTestId('mismatch').textContent()).toBe('Type mismatch: named .png, declared image/png, bytes are GIF')
    expect(await detail.getByTestId('reason').textContent()).toBe("business_certificate is named .png, declared image/png, bytes are GIF, not PNG, JPG or PDF: Laravel's `mimes` rule judges the file by its bytes (PHP's finfo), not by its name or declared type, and takes PNG, JPG or PDF.")
    expect(await row(page, 'HXGIF').locator('td.rule').textContent()).toBe('business_certificate is named .png, declared image/png, bytes are GIF, not PNG, JPG or PDF')
    expect(JSON.parse(await detail.locator('pre.json').textContent() ?? '')).toEqual(await answer.json())
  })

  it('filters the list by SID, status and code', async () => {
    const { page, server } = await openInspector()
    await send(server.url, 'HXOK1')
    await send(server.url, 'HXBAD1', { ...VALID_FIELDS, wa_number: 'x' })
    await send(server.url, 'HXOK1')
    await expect.poll(() => page.locator('#requests-body tr').count()).toBe(3)
    const visible = () => page.locator('#requests-body tr:visible td.sid').allTextContents()
    const filters = page.getByRole('search', { name: 'Filter requests' })
    await filters.getByLabel('Code').fill('E937')
    expect(await visible()).toEqual(['HXOK1'])
    await filters.getByLabel('Code').fill('')
    await filters.getByLabel('Status').selectOption('4xx')
    expect(await visible()).toEqual(['HXOK1', 'HXBAD1'])
    await filters.getByLabel('Status').selectOption('2xx')
    expect(await visible()).toEqual(['HXOK1'])
    await filters.getByLabel('Status').selectOption('')
    await filters.getByLabel('SID').fill('bad')
    expect(await visible()).toEqual(['HXBAD1'])
    await send(server.url, 'HXBAD2', { ...VALID_FIELDS, wa_number: 'x' })
    await expect.poll(() => page.locator('#requests-body tr').count()).toBe(4)
    expect(await visible()).toEqual(['HXBAD2', 'HXBAD1'])
  })

  it('resets an account from the E937 link so the next request succeeds', async () => {
    const { page, server } = await openInspector()
    await send(server.url, 'HXONCE')
    expect((await send(server.url, 'HXONCE')).status).toBe(400)
    await page.locator('#requests-body tr').first().locator('button').click()
    await page.getByTestId('account-link').click()
    await expect.poll(() => page.locator('#account-detail h3').textContent()).toBe('Account HXONCE')
    await page.getByRole('button', { name: 'Reset account HXONCE' }).click()
    await expect.poll(() => page.locator('#message').textContent()).toBe('Account HXONCE is fresh again.')
    await expect.poll(() => page.locator('#account-detail p').first().textContent()).toBe('State: fresh')
    expect((await send(server.url, 'HXONCE')).status).toBe(200)
    // The same link again, after the account is taken once more: the page shows it again.
    await page.locator('#tab-requests').click()
    await page.getByTestId('account-link').click()
    await expect.poll(() => page.locator('#panel-accounts').isVisible()).toBe(true)
    await expect.poll(() => page.locator('#account-detail p').first().textContent()).toBe('State: submitted')
  })

  it('seeds a state and resets everything only after confirmation', async () => {
    const { page, server } = await openInspector()
    await page.locator('#tab-accounts').click()
    await page.locator('#seed-form').getByLabel('SID').fill('HXSEEDED')
    await page.locator('#seed-form').getByLabel('State').selectOption('active_channel')
    await page.getByRole('button', { name: 'Seed' }).click()
    await expect.poll(() => page.locator('#accounts-body td.sid').allTextContents()).toEqual(['HXSEEDED'])
    expect((await send(server.url, 'HXSEEDED')).status).toBe(400)
    await page.getByRole('button', { name: 'Reset everything…' }).click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    expect((await server.admin.account('HXSEEDED')).state).toBe('active_channel')
    await page.getByRole('button', { name: 'Reset everything…' }).click()
    await page.getByRole('button', { name: 'Yes, reset everything' }).click()
    await expect.poll(() => page.locator('#accounts-body tr').count()).toBe(0)
    expect((await send(server.url, 'HXSEEDED')).status).toBe(200)
  })

  it('shows the client report beside the journal: a finding for a retry after E937, none for a good client', async () => {
    const { page, server, problems } = await openInspector()
    await expect.poll(() => page.locator('#report-empty').textContent()).toBe('No findings in 0 journaled request(s).')
    for (let i = 0; i < 3; i++) await send(server.url, 'HXGRADE')
    await page.getByRole('button', { name: 'Check the client' }).click()
    await expect.poll(() => page.locator('#report-findings li').allTextContents()).toEqual([
      'errorretried_after_already_submitted HXGRADE (#2, #3): HXGRADE got E937 (already submitted) at #2 and was sent again 1 time(s) (#3). The real API never accepts an account that already submitted: stop and show the error instead of retrying.',
    ])
    expect(await page.locator('#report-empty').isHidden()).toBe(true)
    expect(problems).toEqual([])
  })

  it('offers every fault kind: a sequence from its steps, a lognormal delay until cleared, an answer and a hang', async () => {
    const { page, server, problems } = await openInspector()
    await page.locator('#tab-faults').click()
    const form = page.locator('#fault-form')
    await form.getByLabel('Kind').selectOption('sequence')
    await form.getByLabel('SID').fill('HXSTEPS')
    await form.getByLabel('Steps').fill('429:1, 503, E937, pass')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#faults-body td').allTextContents()).toEqual(['sequence', 'HXSTEPS', 'answer 429 with Retry-After: 1, then answer 503, then answer already_submitted, then the normal answer', '4'])
    await form.getByLabel('SID').fill('')
    await form.getByLabel('Kind').selectOption('delay')
    await form.getByLabel('Distribution').selectOption('lognormal')
    await form.getByLabel('Median (ms)').fill('20')
    await form.getByLabel('until cleared').check()
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#faults-body tr').count()).toBe(2)
    expect((await server.admin.faults())[1]).toMatchObject({ kind: 'delay', sid: null, remaining: null, delay: { distribution: 'lognormal', median: 20, sigma: 0.5 } })
    for (const status of [429, 503, 400, 200]) expect((await send(server.url, 'HXSTEPS')).status).toBe(status)
    await page.locator('#tab-requests').click()
    await expect.poll(() => row(page, 'HXSTEPS').count()).toBe(4)
    await row(page, 'HXSTEPS').last().locator('button').click()
    const detail = page.locator('#request-detail')
    await expect.poll(() => detail.textContent()).toContain('Faultsequence (step 1 of 4): answered 429 E429 with Retry-After: 1')
    expect(await detail.textContent()).toContain('Header user-agent')
    await page.locator('#tab-faults').click()
    await page.getByRole('button', { name: 'Clear all faults' }).click()
    await form.getByLabel('until cleared').uncheck()
    await form.getByLabel('Kind').selectOption('answer')
    await form.getByLabel('Answer').selectOption('validation')
    await form.getByLabel('Field (validation)').selectOption('wa_number')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#faults-body td').allTextContents()).toEqual(['answer', 'any', 'answer wa_number\'s validation error', '1'])
    expect(await (await send(server.url, 'HXANSWER')).json()).toMatchObject({ error: { parameter: 'wa_number' } })
    await form.getByLabel('Kind').selectOption('hang')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#faults-body td').allTextContents()).toEqual(['hang', 'any', 'never answer (until the client gives up)', '1'])
    await form.getByLabel('Kind').selectOption('sequence')
    await form.getByLabel('Steps').fill('503, teapot')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#message').textContent()).toBe('Failed: "teapot" is not a step.')
    expect(problems).toEqual([])
  })

  it('adds a status fault from the page so the next request fails, and clears faults', async () => {
    const { page, server } = await openInspector()
    await page.locator('#tab-faults').click()
    await page.locator('#fault-form').getByLabel('Kind').selectOption('status')
    await page.locator('#fault-form').getByLabel('SID').fill('HXFAULT')
    await page.locator('#fault-form').getByLabel('Status').selectOption('503')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#faults-body td').allTextContents()).toEqual(['status', 'HXFAULT', 'answer 503', '1'])
    expect((await send(server.url, 'HXFAULT')).status).toBe(503)
    expect((await send(server.url, 'HXFAULT')).status).toBe(200)
    await page.locator('#fault-form').getByLabel('Kind').selectOption('drop')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await page.getByRole('button', { name: 'Clear all faults' }).click()
    await expect.poll(() => page.locator('#faults-body tr').count()).toBe(0)
    expect(await server.admin.faults()).toEqual([])
  })

  it('sends a real multipart request from Try it and shows the answer beside its journal entry', async () => {
    const { page } = await openInspector()
    await page.locator('#tab-try').click()
    const form = page.locator('#try-form')
    await form.getByLabel('SID').fill('HXTRIED')
    await form.getByLabel('business_certificate').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: readCertificate('certificate.pdf') })
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.locator('#try-response h3').textContent()).toBe('Response 200')
    expect(await page.locator('#try-entry h3').textContent()).toMatch(/^Request #\d+$/)
    expect(await page.locator('#try-entry').getByTestId('mismatch').textContent()).toBe('Type mismatch: named .jpg, declared image/jpeg, bytes are PDF')
  })

  it('asks for the admin token once, keeps it for the tab, and says when it is refused', async () => {
    const { page, server } = await openInspector({ adminToken: 'open-sesame' })
    await send(server.url, 'HXTOKEN')
    const why = page.locator('#token-why')
    await expect.poll(() => why.textContent()).toMatch(/^This mock was started with MOCK_ADMIN_TOKEN/)
    await page.getByLabel('Token').fill('wrong')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => why.textContent()).toMatch(/^That token was refused/)
    await page.getByLabel('Token').fill('open-sesame')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => row(page, 'HXTOKEN').count()).toBe(1)
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual(['open-sesame'])
    expect(await page.evaluate('Object.values(localStorage)')).toEqual([])
    await page.reload()
    await expect.poll(() => row(page, 'HXTOKEN').count()).toBe(1)
    expect(await page.locator('#token-form').isHidden()).toBe(true)
  })
})

describe('inspector safety', () => {
  const PAYLOADS = [
    '<script>window.__pwned = "script"</script>',
    '<img src=x onerror="window.__pwned = \'img\'">',
    'javascript:window.__pwned="href"',
    '"\'><svg onload="window.__pwned = \'quote\'">',
  ]

  it('renders script, onerror, javascript: and quote-breaking payloads in every client-controlled place as text', async () => {
    const { page, server, problems } = await openInspector()
    for (const [i, payload] of PAYLOADS.entries()) {
      const fields: Record<string, string> = { ...VALID_FIELDS, display_name: payload, business_id: payload, [payload]: payload }
      const form = new FormData()
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      form.append('business_certificate', new Blob([readCertificate('certificate.gif')], { type: payload }), payload)
      const response = await fetch(`${server.url}/v1/${encodeURIComponent(payload)}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': payload.replace(/[^\x20-\x7e]/g, '') }, body: form })
      expect(response.status, `payload ${i}`).toBe(400)
      await server.admin.seedAccount(`${payload}${i}`, 'submitted')
      await server.admin.addFault({ kind: 'delay', sid: payload, delayMs: 0, times: 1 })
    }
    await expect.poll(() => page.locator('#requests-body tr').count()).toBe(PAYLOADS.length)
    for (const button of await page.locator('#requests-body button').all()) {
      await button.click()
      const link = page.getByTestId('account-link')
      if (await link.count() > 0) expect(await link.getAttribute('href')).toMatch(/^#account=/)
    }
    expect(await page.locator('#requests-body td.sid').allTextContents()).toEqual([...PAYLOADS].reverse())
    // The last row clicked is the oldest request: its SID, field names and values, file name and declared type.
    const detail = await page.locator('#request-detail').textContent()
    expect(detail?.split(PAYLOADS[0]).length).toBeGreaterThanOrEqual(6)
    await page.locator('#tab-accounts').click()
    await expect.poll(() => page.locator('#accounts-body tr').count()).toBe(PAYLOADS.length)
    expect(await page.locator('#accounts-body td.sid').allTextContents()).toEqual(PAYLOADS.map((payload, i) => `${payload}${i}`).sort())
    for (const button of await page.locator('#accounts-body button.row-button').all()) await button.click()
    await page.locator('#tab-faults').click()
    await expect.poll(() => page.locator('#faults-body td.sid').allTextContents()).toEqual(PAYLOADS)

    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await page.locator('script').count()).toBe(1)
    expect(await page.locator('img, svg, iframe, object, embed').count()).toBe(0)
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0)
    expect(problems).toEqual([])
  })
})

describe('inspector accessibility', () => {
  async function seriousViolations (page: Page): Promise<string[]> {
    // Injected through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(axe.source)
    const result = await page.evaluate('axe.run()') as { violations: Array<{ id: string, impact: string | null, nodes: unknown[] }> }
    return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.length})`)
  }

  it.each(['light', 'dark'] as const)('has no serious or critical axe violations on any tab, in the %s theme', async (scheme) => {
    const { page, server } = await openInspector()
    await page.emulateMedia({ colorScheme: scheme })
    await send(server.url, 'HXA11Y', VALID_FIELDS, { bytes: readCertificate('certificate.gif'), filename: 'logo.png', type: 'image/png' })
    await send(server.url, 'HXA11Y2')
    await send(server.url, 'HXA11Y2')
    await server.admin.addFault({ kind: 'drop', times: 1 })
    await expect.poll(() => page.locator('#requests-body tr').count()).toBe(3)
    await page.locator('#requests-body button').last().click()
    expect(await seriousViolations(page)).toEqual([])
    for (const tab of ['accounts', 'faults', 'try']) {
      await page.locator(`#tab-${tab}`).click()
      await page.waitForTimeout(200)
      expect(await seriousViolations(page), tab).toEqual([])
    }
  })

  it('can be worked from the keyboard: tabs, a row and its detail', async () => {
    const { page, server } = await openInspector()
    await send(server.url, 'HXKEYS', { ...VALID_FIELDS, business_id: 'abc' })
    await expect.poll(() => row(page, 'HXKEYS').count()).toBe(1)
    await row(page, 'HXKEYS').locator('button').focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('#request-detail [data-testid="reason"]').textContent()).toMatch(/^business_id `abc` is not an integer by PHP's rule/)
    await page.locator('#tab-requests').focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#panel-accounts').isVisible()).toBe(true)
  })
})

describe('inspector namespaces in Chromium', () => {
  it('scopes every tab to the namespace picked, keeps it in the address, and suggests the namespaces in use', async () => {
    const { page, server, problems } = await openInspector()
    const teamA = server.namespace('team-a')
    await send(teamA.url, 'HXINA')
    await send(server.url, 'HXROOT')
    await teamA.admin.seedAccount('HXSEEDA', 'active_channel')
    await teamA.admin.addFault({ kind: 'drop', sid: 'HXDROPPED', times: 3 })
    await expect.poll(() => row(page, 'HXROOT').count()).toBe(1)
    const picker = page.getByLabel('Namespace')
    await picker.focus()
    await expect.poll(() => page.locator('#namespace-list option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['team-a'])
    await picker.fill('team-a')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => row(page, 'HXINA').count()).toBe(1)
    expect(await row(page, 'HXROOT').count()).toBe(0)
    expect(new URL(page.url()).searchParams.get('ns')).toBe('team-a')

    await page.locator('#tab-accounts').click()
    await expect.poll(() => page.locator('#accounts-body td.sid').allTextContents()).toEqual(['HXINA', 'HXSEEDA'])
    await page.locator('#tab-faults').click()
    await expect.poll(() => page.locator('#faults-body td.sid').allTextContents()).toEqual(['HXDROPPED'])
    await page.locator('#tab-try').click()
    await page.locator('#try-form').getByLabel('SID').fill('HXTRIEDA')
    await page.locator('#try-form').getByLabel('business_certificate').setInputFiles({ name: 'c.png', mimeType: 'image/png', buffer: readCertificate('certificate.png') })
    await page.locator('#try-form').getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.locator('#try-response h3').textContent()).toBe('Response 200')
    expect(await page.locator('#try-entry h3').textContent()).toBe('Request #2')
    expect((await teamA.admin.account('HXTRIEDA')).state).toBe('submitted')
    expect((await server.admin.account('HXTRIEDA')).state).toBe('fresh')

    // A reload opens the same namespace.
    await page.reload()
    await expect.poll(() => row(page, 'HXTRIEDA').count()).toBe(1)
    expect(await page.getByLabel('Namespace').inputValue()).toBe('team-a')
    await page.getByLabel('Namespace').fill('')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => row(page, 'HXROOT').count()).toBe(1)
    expect(await row(page, 'HXINA').count()).toBe(0)
    expect(new URL(page.url()).search).toBe('')
    expect(problems).toEqual([])
  })

  it('shows the namespace it was opened under, from a link to ${ns.url}/__admin/ui', async () => {
    const { page, server, problems } = await openInspector({}, '/ns/team-b/__admin/ui')
    await send(server.namespace('team-b').url, 'HXINB')
    await send(server.url, 'HXROOT')
    await expect.poll(() => row(page, 'HXINB').count()).toBe(1)
    expect(await row(page, 'HXROOT').count()).toBe(0)
    expect(await page.getByLabel('Namespace').inputValue()).toBe('team-b')
    await page.getByLabel('Namespace').fill('')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => row(page, 'HXROOT').count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/__admin/ui')
    expect(problems).toEqual([])
  })

  it('refuses a name outside the rule and keeps showing the namespace it showed', async () => {
    const { page, server } = await openInspector()
    await send(server.url, 'HXSTAYS')
    await expect.poll(() => row(page, 'HXSTAYS').count()).toBe(1)
    await page.getByLabel('Namespace').fill('not a name')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^A namespace name is 1 to 64 characters/)
    await page.waitForTimeout(700)
    expect(await row(page, 'HXSTAYS').count()).toBe(1)
    expect(new URL(page.url()).search).toBe('')
  })
})

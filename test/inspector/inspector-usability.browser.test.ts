import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { API_KEY, readCertificate, VALID_FIELDS } from '../support/helpers.js'
import { openInspector, useBrowser } from '../support/browser.js'

useBrowser()

async function send (baseUrl: string, sid: string, fields: Record<string, string> = VALID_FIELDS): Promise<Response> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('business_certificate', new Blob([readCertificate('certificate.png')], { type: 'image/png' }), 'certificate.png')
  return fetch(`${baseUrl}/v1/${encodeURIComponent(sid)}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': API_KEY }, body: form })
}

const row = (page: Page, sid: string) => page.locator('#requests-body tr', { has: page.locator('td.sid', { hasText: sid }) })

describe('the inspector, as a user finds it', () => {
  it('opens a request\'s detail on a click anywhere on its row, not only on its time', async () => {
    const { page, server, problems } = await openInspector()
    await send(server.url, 'HXROWCLICK')
    await send(server.url, 'HXOTHER', { ...VALID_FIELDS, business_id: 'x' })
    await row(page, 'HXROWCLICK').locator('td.rule').click()
    await expect.poll(() => page.locator('#request-detail h3').textContent()).toBe('Request #1')
    await row(page, 'HXOTHER').locator('td.sid').click()
    await expect.poll(() => page.locator('#request-detail h3').textContent()).toBe('Request #2')
    expect(await row(page, 'HXOTHER').getAttribute('class')).toBe('selected')
    expect(await row(page, 'HXROWCLICK').getAttribute('class')).toBe('')
    expect(problems).toEqual([])
  })

  it('has Try it send the sample certificate, so the first Send as the page opens is accepted, and shows the answer once', async () => {
    const { page, server, problems } = await openInspector()
    await page.locator('#tab-try').click()
    await page.locator('#try-form').getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.locator('#try-response h3').textContent()).toBe('Response 200')
    await expect.poll(() => page.locator('#try-entry h3').count()).toBe(1)
    const panel = page.locator('#panel-try')
    expect(await panel.locator('h3, h4').filter({ hasText: /^Response / }).count()).toBe(1)
    expect(await panel.locator('pre.json').count()).toBe(1)
    expect(JSON.parse(await page.locator('#try-response pre.json').textContent() ?? '')).toMatchObject({ code: 'I102' })
    const [entry] = (await server.admin.requests()).entries
    expect(entry.certificate).toMatchObject({ filename: 'certificate.png', sniffedType: 'png', size: readCertificate('certificate.png').length })
    expect(problems).toEqual([])
  })

  it('sends the sample picked, and a file chosen instead of it', async () => {
    const { page, server } = await openInspector()
    await page.locator('#tab-try').click()
    const form = page.locator('#try-form')
    await form.getByLabel('SID').fill('HXSAMPLEGIF')
    await form.getByLabel('sample certificate').selectOption('certificate.gif')
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.locator('#try-response h3').textContent()).toBe('Response 400')
    await form.getByLabel('SID').fill('HXOWNFILE')
    await form.getByLabel('business_certificate').setInputFiles({ name: 'mine.pdf', mimeType: 'application/pdf', buffer: readCertificate('certificate.pdf') })
    await form.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => page.locator('#try-response h3').textContent()).toBe('Response 200')
    const entries = (await server.admin.requests()).entries
    expect(entries.map((entry) => [entry.sid, entry.certificate?.filename, entry.status])).toEqual([['HXOWNFILE', 'mine.pdf', 200], ['HXSAMPLEGIF', 'certificate.gif', 400]])
  })

  it('keeps a fault\'s confirmation on the Faults tab: it is gone once another tab is shown', async () => {
    const { page } = await openInspector()
    await page.locator('#tab-faults').click()
    await page.locator('#fault-form').getByLabel('Kind').selectOption('drop')
    await page.getByRole('button', { name: 'Add fault' }).click()
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Fault added: /)
    await page.locator('#tab-requests').click()
    expect(await page.locator('#message').textContent()).toBe('')
  })

  it('finds requests by their outer code (E939) as well as their inner one (E413, E937)', async () => {
    const { page, server } = await openInspector()
    await send(server.url, 'HXCODE1')
    await send(server.url, 'HXCODE1')
    await send(server.url, 'HXCODE2', { ...VALID_FIELDS, wa_number: 'x' })
    await fetch(`${server.url}/v1/HXCODE3/whatsapp/activation`, { method: 'POST' })
    await expect.poll(() => page.locator('#requests-body tr').count()).toBe(4)
    const visible = () => page.locator('#requests-body tr:visible td.sid').allTextContents()
    const code = page.getByRole('search', { name: 'Filter requests' }).getByLabel('Code')
    await code.fill('e939')
    await expect.poll(visible).toEqual(['HXCODE2', 'HXCODE1'])
    await code.fill('E413')
    await expect.poll(visible).toEqual(['HXCODE2'])
    await code.fill('E401')
    await expect.poll(visible).toEqual(['HXCODE3'])
    await code.fill('I102')
    await expect.poll(visible).toEqual(['HXCODE1'])
  })
})

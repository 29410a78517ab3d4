import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startMockServer } from '../server/index.js'
import { buildInspector } from './build-inspector.js'

// `tsx scripts/screenshot-inspector.ts [chromium]`: the README's picture of the inspector (docs/inspector.png),
// taken from a real Chromium (Debian's by default) showing requests sent to a real mock.

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'docs', 'inspector.png')
const CHROMIUM = process.argv[2] ?? '/usr/bin/chromium'

const fixture = (path: string): Buffer => readFileSync(join(ROOT, 'fixtures', path))
const fields = JSON.parse(fixture('requests/valid-activation.json').toString('utf8')) as Record<string, string>

async function send (url: string, sid: string, changes: Record<string, string>, certificate: { file: string, name: string, type: string }): Promise<void> {
  const form = new FormData()
  for (const [name, value] of Object.entries({ ...fields, ...changes })) form.append(name, value)
  form.append('business_certificate', new Blob([fixture(`certificates/${certificate.file}`)], { type: certificate.type }), certificate.name)
  const response = await fetch(`${url}/v1/${sid}/whatsapp/activation`, { method: 'POST', headers: { 'api-key': 'Ac4XXXXX21f' }, body: form })
  await response.arrayBuffer()
}

// The server reads the page from dist/inspector, where the build puts it.
await buildInspector()
const server = await startMockServer({ seed: 'screenshot', now: '2026-01-15T12:00:00Z' })
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
try {
  const png = { file: 'certificate.png', name: 'certificate.png', type: 'image/png' }
  await send(server.url, 'HXAP16XXXXX071US', {}, png)
  await send(server.url, 'HXAP16XXXXX072US', { business_id: '1.0' }, png)
  await send(server.url, 'HXAP16XXXXX071US', {}, png)
  await send(server.url, 'HXAP16XXXXX073US', {}, { file: 'certificate.gif', name: 'logo.png', type: 'image/png' })
  await send(server.url, 'HXAP16XXXXX074US', { wa_number: '+1 323 662 1127' }, png)
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, colorScheme: 'light' })
  await page.goto(`${server.url}/__admin/ui`)
  const gif = page.locator('#requests-body tr', { has: page.locator('td.sid', { hasText: 'HXAP16XXXXX073US' }) })
  await gif.waitFor()
  await gif.locator('button').click()
  await page.screenshot({ path: OUT })
  console.log(`wrote ${OUT}`)
} finally {
  await browser.close()
  await server.close()
}

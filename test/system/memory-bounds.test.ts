import { describe, expect, it } from 'vitest'
import { createMemoryFaultStore, MAX_FAULTS } from '../../server/faults/fault-store-memory.js'
import { createMemoryJournal } from '../../server/journal/journal-memory.js'
import type { JournalEntry } from '../../server/journal/journal.js'
import { parseMultipart } from '../../server/http/multipart-parser.js'
import { DEFAULT_LIMITS } from '../../server/app.js'
import { UploadedFile } from '../../server/http/multipart/uploaded-file.js'
import { activationForm, readCertificate } from '../support/helpers.js'

function entry (sid: string): Omit<JournalEntry, 'seq'> {
  return {
    time: '2026-01-15T12:00:00.000Z', method: 'POST', path: `/v1/${sid}/whatsapp/activation`, sid, contentType: 'application/json', headers: {}, durationMs: 1,
    apiKey: { sent: true, hash: null }, fields: {}, certificate: null, status: 400, code: 'E939', rule: 'required',
  }
}

describe('what the mock keeps in memory', () => {
  it('keeps at most the journal capacity and counts exactly what it dropped', async () => {
    const journal = createMemoryJournal(100)
    for (let i = 1; i <= 1234; i++) await journal.record(entry(`HX${i}`))
    const page = await journal.list()
    expect(page.entries.length).toBe(100)
    expect([page.total, page.dropped, page.capacity]).toEqual([1234, 1134, 100])
    expect(page.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 1234 - i))
  })

  it('keeps at most MAX_FAULTS faults however many are added', async () => {
    const faults = createMemoryFaultStore()
    for (let i = 0; i < MAX_FAULTS * 3; i++) await faults.add({ kind: 'status', sid: null, remaining: 1, status: 503 })
    expect((await faults.list()).length).toBe(MAX_FAULTS)
  })

  it('hands validation a certificate description without its bytes', async () => {
    const { payload, headers } = activationForm(undefined, { bytes: readCertificate('certificate-20kb.png'), filename: 'c.png' })
    const fields = await parseMultipart(headers, payload, { fileBytes: DEFAULT_LIMITS.certificateBytes, parts: DEFAULT_LIMITS.parts, fieldBytes: DEFAULT_LIMITS.fieldBytes, headerBytes: DEFAULT_LIMITS.headerBytes })
    const file = fields.business_certificate
    expect(file).toBeInstanceOf(UploadedFile)
    expect(Object.values(file as object).some((value) => value instanceof Uint8Array || Array.isArray(value))).toBe(false)
    expect((file as UploadedFile).size).toBe(readCertificate('certificate-20kb.png').length)
  })
})

describe('the in-memory fault store', () => {
  it('says it is empty only while it holds no fault', async () => {
    const faults = createMemoryFaultStore()
    expect(faults.isEmpty?.()).toBe(true)
    await faults.add({ kind: 'status', sid: 'HX1', remaining: 2, status: 500 })
    expect(faults.isEmpty?.()).toBe(false)
    expect(await faults.take('HX2')).toBeUndefined()
    expect(faults.isEmpty?.()).toBe(false)
    await faults.take('HX1')
    expect(faults.isEmpty?.()).toBe(false)
    await faults.take('HX1')
    expect(faults.isEmpty?.()).toBe(true)
  })
})

import { createActivationFactory, type Activation, type ActivationIds } from '../../server/activation/activation-factory.js'
import type { JournalEntry } from '../../server/journal/journal.js'
import { UploadedFile } from '../../server/http/multipart/uploaded-file.js'

const factory = createActivationFactory({ seed: 'contract', now: () => Date.UTC(2026, 0, 15) })
const input = {
  displayName: 'Kaleyra Test', waNumber: '+13236621127', isoCode: 'US', businessId: '1234567891',
  businessName: 'Kaleyra', incomingUrl: '', certificate: new UploadedFile('c.png', 'image/png', 10, 'image/png', 'x', false),
}

/** A real activation, as the endpoint would build it for the SID and ids. */
export function activationFor (sid: string, ids: ActivationIds): Activation {
  return factory.build(sid, input, ids)
}

export function journalEntry (sid: string | null, status = 200): Omit<JournalEntry, 'seq'> {
  return {
    time: '2026-01-15T00:00:00.000Z', method: 'POST', path: `/v1/${sid}/whatsapp/activation`, sid, contentType: 'multipart/form-data', headers: { 'user-agent': 'test' }, durationMs: 2.5,
    apiKey: { sent: true, hash: 'abc' }, fields: { display_name: 'Kaleyra Test' }, certificate: null, status, code: status === 200 ? 'I102' : 'E939', rule: null,
  }
}

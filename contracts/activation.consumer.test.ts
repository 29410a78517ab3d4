import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MatchersV3 } from '@pact-foundation/pact'
import { afterAll, describe, expect, it } from 'vitest'
import { certificate, FIELDS, INTERACTIONS, PACT_FILE } from './activation-interactions.js'
import { recordInteraction } from './record-interaction.js'
import { createPact, PACTS_DIR, writePact } from './write-pact.js'

const scratch = mkdtempSync(join(tmpdir(), 'kaleyra-consumer-'))
const drift = mkdtempSync(join(tmpdir(), 'kaleyra-pact-drift-'))
afterAll(() => {
  for (const dir of [scratch, drift]) rmSync(dir, { recursive: true, force: true })
})

function readPact (path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

describe('the reference client, against the Pact mock of the activation endpoint', () => {
  it.each(INTERACTIONS.map((interaction) => [interaction.description, interaction] as const))('reads %s as the typed result the contract promises', async (_, interaction) => {
    const result = await recordInteraction(createPact(scratch), interaction)
    expect(result).toEqual({
      ok: interaction.status === 200,
      status: interaction.status,
      envelope: MatchersV3.reify(interaction.body),
    })
  })

  it('is caught by the contract when it sends a field other than the one agreed', async () => {
    const [png] = INTERACTIONS
    const sent = { fields: { ...FIELDS, business_id: '99' }, certificate: png.certificate }
    await expect(recordInteraction(createPact(scratch), png, sent)).rejects.toThrow(/business_id/)
  })

  it('is caught by the contract when the certificate is not of the agreed type', async () => {
    const [png] = INTERACTIONS
    const sent = { fields: FIELDS, certificate: certificate('certificate.gif', 'image/gif') }
    await expect(recordInteraction(createPact(scratch), png, sent)).rejects.toThrow(/business_certificate/)
  })

  it('accepts a client that draws its own multipart boundary', async () => {
    const [png] = INTERACTIONS
    const result = await recordInteraction(createPact(scratch), png, { fields: FIELDS, certificate: png.certificate, boundary: null })
    expect(result?.ok).toBe(true)
  })

  it('accepts any PNG where the contract says a PNG, not only the recorded bytes', async () => {
    const [png] = INTERACTIONS
    const sent = { fields: FIELDS, certificate: certificate('certificate-20kb.png', 'image/png') }
    const result = await recordInteraction(createPact(scratch), png, sent)
    expect(result?.ok).toBe(true)
  })
})

describe('the committed pact file', () => {
  it('is exactly what a fresh run of the consumer tests writes (run `npm run pacts` after changing them)', async () => {
    const fresh = await writePact(drift)
    expect(readPact(join(PACTS_DIR, PACT_FILE))).toEqual(readPact(fresh))
  })
})

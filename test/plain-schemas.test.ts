import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AccountSchema, AdminErrorSchema, ErrorEnvelopeSchema, FaultBodySchema } from '../server/admin/plain-schemas.js'
import * as typeboxAdmin from '../server/admin/admin-schemas.js'
import * as typebox from '../server/activation/activation-schemas.js'
import { SNAPSHOT_FILE, snapshotSource } from '../server/admin/schema-snapshot.js'

describe('the plain schemas the server registers at run time', () => {
  it('are exactly the TypeBox schemas written out (run `npm run schemas` after changing them)', () => {
    expect(readFileSync(SNAPSHOT_FILE, 'utf8')).toBe(snapshotSource())
  })

  it('equal their TypeBox source, nested schemas included', () => {
    expect(AccountSchema).toEqual(JSON.parse(JSON.stringify(typeboxAdmin.AccountSchema)))
    expect(FaultBodySchema).toEqual(JSON.parse(JSON.stringify(typeboxAdmin.FaultBodySchema)))
    expect(ErrorEnvelopeSchema).toEqual(JSON.parse(JSON.stringify(typebox.ErrorEnvelopeSchema)))
  })

  it('keep a schema exported under two names as one object, as the source does', () => {
    expect(typeboxAdmin.AdminErrorSchema).toBe(typebox.ErrorEnvelopeSchema)
    expect(AdminErrorSchema).toBe(ErrorEnvelopeSchema)
  })
})

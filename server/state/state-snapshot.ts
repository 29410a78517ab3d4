import Type, { type Static } from 'typebox'
import { ACCOUNT_STATES, type AccountsSnapshot } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import { ActivationSchema } from '../activation/activation-schemas.js'

/** The most accounts one snapshot may hold, so a restore cannot exhaust memory. */
export const MAX_SNAPSHOT_ACCOUNTS = 100_000

const Counter = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

/** The JSON that GET /__admin/snapshot exports, PUT restores, and MOCK_STATE_FILE holds. */
export const SnapshotSchema = Type.Object({
  version: Type.Literal(1),
  accounts: Type.Array(Type.Object({
    sid: Type.String({ minLength: 1, maxLength: 256 }),
    state: Type.Enum([...ACCOUNT_STATES]),
    activation: Type.Optional(ActivationSchema),
  }, { additionalProperties: false }), { maxItems: MAX_SNAPSHOT_ACCOUNTS }),
  counters: Type.Object({
    businessDetailsId: Counter,
    certificateId: Counter,
    phoneNumberId: Counter,
  }, { additionalProperties: false }),
}, { additionalProperties: false })

export type Snapshot = Static<typeof SnapshotSchema>

export function toSnapshot (accounts: AccountsSnapshot<Activation>): Snapshot {
  return { version: 1, accounts: accounts.accounts, counters: accounts.counters }
}

/**
 * The snapshot's problem that its schema cannot say, a SID twice; null when there is none. PUT
 * /__admin/snapshot checks the schema with its route's validator, the state file with TypeBox's
 * (state-file.ts, loaded only with MOCK_STATE_FILE: TypeBox's checker is hundreds of modules).
 */
export function duplicateProblem (snapshot: Snapshot): string | null {
  const seen = new Set<string>()
  for (const { sid } of snapshot.accounts) {
    if (seen.has(sid)) return `not a snapshot: account ${JSON.stringify(sid)} appears twice`
    seen.add(sid)
  }
  return null
}

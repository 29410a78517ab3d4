import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { ACCOUNT_STATES, type AccountsSnapshot } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import { ActivationSchema } from '../activation/activation-schemas.js'

const Counter = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

const SnapshotAccount = Type.Object({
  sid: Type.String({ minLength: 1, maxLength: 256 }),
  state: Type.Enum([...ACCOUNT_STATES]),
  activation: Type.Optional(ActivationSchema),
}, { additionalProperties: false })

/**
 * The JSON that GET /__admin/snapshot exports, PUT restores, and MOCK_STATE_FILE holds. The
 * number of accounts is not capped, as the store does not cap them: whatever the mock writes it
 * can load again. What bounds a snapshot is its size in bytes (see snapshot-routes.ts).
 */
export const SnapshotSchema = Type.Object({
  version: Type.Literal(1),
  accounts: Type.Array(SnapshotAccount),
  counters: Type.Object({
    businessDetailsId: Counter,
    certificateId: Counter,
    phoneNumberId: Counter,
  }, { additionalProperties: false }),
}, { additionalProperties: false })

export type Snapshot = Static<typeof SnapshotSchema>

// Compiled: the interpreted check took over half a minute on 200,000 accounts, the compiled one a third of a second.
const isSnapshot = Compile(SnapshotSchema)
const isAccount = Compile(SnapshotAccount)

export function toSnapshot (accounts: AccountsSnapshot<Activation>): Snapshot {
  return { version: 1, accounts: accounts.accounts, counters: accounts.counters }
}

/** The first complaint about a value, its path prefixed with `at`. */
function firstError (schema: typeof SnapshotSchema | typeof SnapshotAccount, value: unknown, at = ''): string {
  const [first] = Value.Errors(schema, value)
  return `not a snapshot: ${at + (first?.instancePath ?? '') || '/'} ${first?.message ?? 'is invalid'}`
}

/** Why a parsed value is not a snapshot, or null when it is one (duplicate SIDs included). */
export function snapshotProblem (value: unknown): string | null {
  if (!isSnapshot.Check(value)) {
    // Value.Errors walks every element (over a minute for 200,000 accounts): name the first
    // bad account with the fast check, and ask for the reason about that account alone.
    const accounts = (value as { accounts?: unknown } | null)?.accounts
    if (!Array.isArray(accounts)) return firstError(SnapshotSchema, value)
    const bad = accounts.findIndex((account) => !isAccount.Check(account))
    return bad === -1
      ? firstError(SnapshotSchema, { ...value as object, accounts: [] })
      : firstError(SnapshotAccount, accounts[bad], `/accounts/${bad}`)
  }
  const seen = new Set<string>()
  for (const { sid } of value.accounts) {
    if (seen.has(sid)) return `not a snapshot: account ${JSON.stringify(sid)} appears twice`
    seen.add(sid)
  }
  return null
}

/**
 * The snapshot as the state file holds it: one account per line, so a file of many accounts is
 * a third smaller than indented JSON and still reads and diffs account by account. Throws a
 * RangeError past the longest string the JavaScript engine makes (about 512 MiB): a state the
 * mock could not read back is never written.
 */
export function snapshotText (snapshot: Snapshot): string {
  const accounts = snapshot.accounts.map((account) => JSON.stringify(account)).join(',\n')
  return `{"version":${snapshot.version},"counters":${JSON.stringify(snapshot.counters)},"accounts":[${accounts === '' ? '' : `\n${accounts}\n`}]}\n`
}

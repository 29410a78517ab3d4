import Type, { type Static } from 'typebox'
import { ACCOUNT_STATES, type AccountsSnapshot } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import { ActivationSchema } from '../activation/activation-schemas.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

const Counter = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

export const SnapshotAccount = Type.Object({
  sid: Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH }),
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

export function toSnapshot (accounts: AccountsSnapshot<Activation>): Snapshot {
  return { version: 1, accounts: accounts.accounts, counters: accounts.counters }
}

/**
 * The snapshot's problem that its schema cannot say, a SID twice; null when there is none. PUT
 * /__admin/snapshot checks the schema with its route's validator, the state file with TypeBox's
 * compiled checker (state-file.ts, loaded only with MOCK_STATE_FILE).
 */
export function duplicateProblem (snapshot: Snapshot): string | null {
  const seen = new Set<string>()
  for (const { sid } of snapshot.accounts) {
    if (seen.has(sid)) return `not a snapshot: account ${JSON.stringify(sid)} appears twice`
    seen.add(sid)
  }
  return null
}

/** The accounts of one namespace in the state file: a snapshot without its version. */
export type NamespaceSnapshot = Omit<Snapshot, 'version'>

/**
 * What MOCK_STATE_FILE holds: the default namespace's snapshot, and under `namespaces` each named
 * namespace's accounts and counters (left out when none has any, so a file of the default
 * namespace alone is a snapshot as GET /__admin/snapshot exports it, and one loads as the other).
 */
export interface StateFileContent extends Snapshot {
  namespaces?: Record<string, NamespaceSnapshot>
}

function accountsText (accounts: Snapshot['accounts']): string {
  const lines = accounts.map((account) => JSON.stringify(account)).join(',\n')
  return `[${lines === '' ? '' : `\n${lines}\n`}]`
}

/**
 * The state file's text: one account per line, so a file of many accounts is a third smaller than
 * indented JSON and still reads and diffs account by account; each namespace starts on its own
 * line. Throws a RangeError past the longest string the JavaScript engine makes (about 512 MiB): a
 * state the mock could not read back is never written.
 */
export function snapshotText (content: StateFileContent): string {
  const root = `{"version":${content.version},"counters":${JSON.stringify(content.counters)},"accounts":${accountsText(content.accounts)}`
  const named = Object.entries(content.namespaces ?? {})
  if (named.length === 0) return `${root}}\n`
  const spaces = named.map(([name, space]) => `${JSON.stringify(name)}:{"counters":${JSON.stringify(space.counters)},"accounts":${accountsText(space.accounts)}}`)
  return `${root},"namespaces":{\n${spaces.join(',\n')}\n}}\n`
}

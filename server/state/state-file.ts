import { readFile } from 'node:fs/promises'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { createSyncAccountStore, type SyncAccountStore } from '../accounts/account-store-memory.js'
import type { AccountStore } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import { ConfigError } from '../platform/settings.js'
import { StoreError } from '../platform/store-error.js'
import { isNamespaceName } from '../http/namespace-prefix.js'
import { checkWritable, removeInterruptedWrites, writeFileDurably } from '../platform/durable-write.js'
import { createMemoryState, type MemoryStateOptions, type MockState, type StateLog } from './mock-state.js'
import { duplicateProblem, SnapshotAccount, SnapshotSchema, snapshotText, type NamespaceSnapshot, type StateFileContent } from './state-snapshot.js'

export interface FileStateOptions extends MemoryStateOptions {
  /** After a failed write, how long to wait before trying again when nothing else changes, ms. */
  retryMs?: number
  /** Where write failures go until the app gives its own logger (MockState.useLog). */
  log?: StateLog
}

export const DEFAULT_WRITE_RETRY_MS = 1000

/** Until the app hands over its logger: one line on stderr, as the CLI reports other start-up trouble. */
function toStderr (details: object, message: string): void {
  const { err, ...rest } = details as { err?: Error }
  console.error(`kaleyra-mock: ${message}${err === undefined ? '' : ` (${err.message})`} ${JSON.stringify(rest)}`)
}
const STDERR_LOG: StateLog = { info: () => {}, warn: toStderr, error: toStderr }

/** What a request whose change could not be saved is told; its change has been undone. */
export const NOT_SAVED_DETAIL = 'The mock could not save the change to its state file, so the change was not made; try again shortly.'

// Compiled: the interpreted check took over half a minute on 200,000 accounts, the compiled one a third of a second.
const isSnapshot = Compile(SnapshotSchema)
const isAccount = Compile(SnapshotAccount)

/** The first complaint about a value, its path prefixed with `at`. */
function firstError (schema: typeof SnapshotSchema | typeof SnapshotAccount, value: unknown, at = ''): string {
  const [first] = Value.Errors(schema, value)
  return `not a snapshot: ${at + (first?.instancePath ?? '') || '/'} ${first?.message ?? 'is invalid'}`
}

/** Why a parsed value is not a snapshot, or null when it is one (duplicate SIDs included). */
function snapshotProblem (value: unknown): string | null {
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
  return duplicateProblem(value)
}

const NOT_A_SNAPSHOT = 'not a snapshot: '

/** Why a parsed state file is not one: the default namespace's snapshot, then each named namespace's. */
function stateFileProblem (value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return snapshotProblem(value)
  const { namespaces, ...root } = value as Record<string, unknown>
  const problem = snapshotProblem(root)
  if (problem !== null || namespaces === undefined) return problem
  if (namespaces === null || typeof namespaces !== 'object' || Array.isArray(namespaces)) return `${NOT_A_SNAPSHOT}/namespaces must be an object`
  for (const [name, space] of Object.entries(namespaces)) {
    const at = `/namespaces/${name}`
    if (!isNamespaceName(name)) return `${NOT_A_SNAPSHOT}${JSON.stringify(name)} is not a namespace name (1 to 64 characters of [A-Za-z0-9._-])`
    if (space === null || typeof space !== 'object' || Array.isArray(space)) return `${NOT_A_SNAPSHOT}${at} must be an object`
    const inner = snapshotProblem({ version: 1, ...space })
    if (inner !== null) return inner.startsWith(NOT_A_SNAPSHOT) ? `${NOT_A_SNAPSHOT}${at}${inner.slice(NOT_A_SNAPSHOT.length)}` : inner
  }
  return null
}

async function readSnapshot (path: string): Promise<StateFileContent | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new ConfigError(`MOCK_STATE_FILE ${path} could not be read: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`MOCK_STATE_FILE ${path} is not JSON (${(error as Error).message}); move it away to start empty.`)
  }
  const problem = stateFileProblem(parsed)
  if (problem !== null) throw new ConfigError(`MOCK_STATE_FILE ${path} is ${problem}`)
  return parsed as StateFileContent
}

/** Every namespace's accounts, as the file holds them: the default namespace's and the named ones'. */
interface AllAccounts {
  snapshot (): StateFileContent
  restore (content: StateFileContent): void
}

/**
 * The accounts of every namespace in memory. A named namespace's store exists while it holds an
 * account or a counter above 0, and is looked up by name at every call, so a request still holding
 * a namespace that was dropped makes it again rather than changing a store no write would save.
 */
function createAllAccounts (saved: StateFileContent | undefined) {
  const root = createSyncAccountStore<Activation>()
  const named = new Map<string, SyncAccountStore<Activation>>()

  function restore (content: StateFileContent): void {
    root.restore(content)
    const spaces = content.namespaces ?? {}
    for (const name of named.keys()) if (!Object.hasOwn(spaces, name)) named.delete(name)
    for (const [name, space] of Object.entries(spaces)) {
      const store = named.get(name) ?? createSyncAccountStore<Activation>()
      store.restore(space)
      named.set(name, store)
    }
  }
  if (saved !== undefined) restore(saved)

  const all: AllAccounts = {
    snapshot () {
      const content: StateFileContent = { version: 1, ...root.snapshot() }
      const spaces = [...named.entries()]
        .map(([name, store]): [string, NamespaceSnapshot] => [name, store.snapshot()])
        .filter(([, space]) => !isEmpty(space))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      if (spaces.length > 0) content.namespaces = Object.fromEntries(spaces)
      return content
    },
    restore,
  }
  return {
    all,
    root,
    /** The store of a named namespace, made when a change needs it. */
    forChange (name: string): SyncAccountStore<Activation> {
      let store = named.get(name)
      if (store === undefined) {
        store = createSyncAccountStore<Activation>()
        named.set(name, store)
      }
      return store
    },
    /** A named namespace's store for reading; an empty one when it has none. */
    forRead: (name: string): SyncAccountStore<Activation> => named.get(name) ?? EMPTY_STORE,
    /** Forgets a namespace's store once a change left it empty. */
    forgetIfEmpty (name: string): void {
      const store = named.get(name)
      if (store !== undefined && isEmpty(store.snapshot())) named.delete(name)
    },
    names: () => [...named.keys()],
    drop: (name: string) => named.delete(name),
  }
}

const EMPTY_STORE = createSyncAccountStore<Activation>()

/** No account and every counter at 0: what a namespace never used holds, so the file leaves it out. */
function isEmpty ({ accounts, counters }: NamespaceSnapshot): boolean {
  return accounts.length === 0 && counters.businessDetailsId === 0 && counters.certificateId === 0 && counters.phoneNumberId === 0
}

interface Batch {
  promise: Promise<void>
  resolve: () => void
  reject: (error: Error) => void
}

function createBatch (): Batch {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej })
  // A batch the retry timer made has nobody waiting on it.
  promise.catch(() => {})
  return { promise, resolve, reject }
}

interface WriterOptions {
  path: string
  memory: AllAccounts
  retryMs: number
  log: () => StateLog
}

/**
 * Writes run one at a time; changes made while one runs share the next write, which takes the
 * state when it starts, so every change lands in a write that began after it.
 *
 * When a write fails, every change not yet on disk is undone (memory goes back to what the file
 * holds) and each request that made one is refused: no client is told of a change a restart
 * would forget, and a claim that was refused has not used up the account's chance. A timer
 * then writes again until the file takes it, so health recovers without waiting for a change.
 */
function createWriter ({ path, memory, retryMs, log }: WriterOptions) {
  let persisted: StateFileContent = memory.snapshot()
  let next: Batch | undefined
  let chain: Promise<void> = Promise.resolve()
  let failure: string | undefined
  let retry: NodeJS.Timeout | undefined
  let closed = false

  /** Must be called in the same synchronous step as the change it saves. */
  function changed (): Promise<void> {
    if (next === undefined) {
      next = createBatch()
      chain = chain.then(write)
    }
    return next.promise
  }

  async function write (): Promise<void> {
    const batch = next
    next = undefined
    // Its changes were undone by the failed write before it.
    if (batch === undefined) return
    const snapshot = memory.snapshot()
    try {
      await writeFileDurably(path, snapshotText(snapshot))
    } catch (error) {
      undo(error as NodeJS.ErrnoException)
      batch.reject(new StoreError('write', NOT_SAVED_DETAIL))
      return
    }
    persisted = snapshot
    if (failure !== undefined) {
      failure = undefined
      log().info({ path }, 'MOCK_STATE_FILE written again; changes are accepted')
    }
    batch.resolve()
  }

  function undo (error: NodeJS.ErrnoException): void {
    memory.restore(persisted)
    // Changes made while this write ran were undone too: their write must not report success.
    const later = next
    next = undefined
    later?.reject(new StoreError('write', NOT_SAVED_DETAIL))
    const reason = `MOCK_STATE_FILE ${path} could not be written (${error.message}); changes are refused until it can.`
    // Logged when the trouble starts or changes, not on every retry: the request log shows each 503.
    if (reason !== failure) log().error({ path, err: error }, 'MOCK_STATE_FILE could not be written: changes not on disk were undone and their requests answered 503')
    failure = reason
    if (!closed) {
      clearTimeout(retry)
      retry = setTimeout(() => { changed() }, retryMs)
      // The timer alone must not keep the process running.
      retry.unref()
    }
  }

  return {
    changed,
    failure: () => failure,
    async close (): Promise<void> {
      closed = true
      clearTimeout(retry)
      await chain
    },
  }
}

/**
 * The in-memory backend, kept in a JSON file: loaded at start, written after every change to
 * the accounts or counters, before the change's response is sent. A change the file does not
 * take is undone and answered 503; health reports the failure until a write succeeds again.
 * Every namespace's accounts and counters are in the one file; the journals, faults and keys stay in memory.
 */
export async function createFileState (path: string, options: FileStateOptions = {}): Promise<MockState> {
  const state = createMemoryState(options)
  let log: StateLog = options.log ?? STDERR_LOG
  const leftovers = await removeInterruptedWrites(path)
  const saved = await readSnapshot(path)
  // Found now, not at the first change: a mock that cannot keep its state must not start and report healthy.
  await checkWritable(path).catch((error: Error) => {
    throw new ConfigError(`MOCK_STATE_FILE ${path} cannot be written: ${error.message}`)
  })
  const stores = createAllAccounts(saved)
  const writer = createWriter({ path, memory: stores.all, retryMs: options.retryMs ?? DEFAULT_WRITE_RETRY_MS, log: () => log })

  /**
   * A namespace's accounts kept in the file; `afterReset` forgets a named namespace a reset emptied. Each change is made and its write queued in one
   * synchronous step (see changed()); the store is found at each call (createAllAccounts).
   */
  function fileAccounts (forChange: () => SyncAccountStore<Activation>, forRead: () => SyncAccountStore<Activation>, afterReset: () => void): AccountStore<Activation> {
    return {
      async claim (sid, create) {
        const outcome = forChange().claim(sid, create)
        if (outcome.claimed) await writer.changed()
        return outcome
      },
      get: async (sid) => forRead().get(sid),
      async seed (sid, accountState) { forChange().seed(sid, accountState); await writer.changed() },
      async reset (sid) {
        forChange().reset(sid)
        if (sid === undefined) afterReset()
        await writer.changed()
      },
      list: async (page) => forRead().list(page),
      snapshot: async () => forRead().snapshot(),
      async restore (snapshot) { forChange().restore(snapshot); afterReset(); await writer.changed() },
      async close () {},
    }
  }
  const rootStore = (): SyncAccountStore<Activation> => stores.root
  const accounts = fileAccounts(rootStore, rootStore, () => {})
  const namedAccounts = (name: string): AccountStore<Activation> =>
    fileAccounts(() => stores.forChange(name), () => stores.forRead(name), () => { stores.forgetIfEmpty(name) })

  return {
    ...state,
    accounts,
    namespace: (name) => ({ ...state.namespace(name), accounts: namedAccounts(name) }),
    async namespaces () {
      return [...new Set([...await state.namespaces(), ...stores.names()])].sort()
    },
    async dropNamespace (name) {
      await state.dropNamespace(name)
      if (stores.drop(name)) await writer.changed()
    },
    useLog (appLog) {
      log = appLog
      if (leftovers.length > 0) log.warn({ path, removed: leftovers.splice(0) }, 'removed temporary files an interrupted write left next to MOCK_STATE_FILE')
    },
    async health () {
      const failure = writer.failure()
      return failure === undefined ? { backend: 'memory', ok: true } : { backend: 'memory', ok: false, detail: failure }
    },
    close: () => writer.close(),
  }
}

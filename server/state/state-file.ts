import { readFile } from 'node:fs/promises'
import Value from 'typebox/value'
import writeFileAtomic from 'write-file-atomic'
import type { AccountStore } from '../accounts/account-store.js'
import type { Activation } from '../activation/activation-factory.js'
import { ConfigError } from '../cli/config.js'
import { createMemoryState, type MemoryStateOptions, type MockState } from './mock-state.js'
import { duplicateProblem, SnapshotSchema, toSnapshot, type Snapshot } from './state-snapshot.js'

/** Why a parsed value is not a snapshot, or null when it is one. */
function snapshotProblem (value: unknown): string | null {
  if (!Value.Check(SnapshotSchema, value)) {
    const [first] = Value.Errors(SnapshotSchema, value)
    return `not a snapshot: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`
  }
  return duplicateProblem(value)
}

async function readSnapshot (path: string): Promise<Snapshot | undefined> {
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
  const problem = snapshotProblem(parsed)
  if (problem !== null) throw new ConfigError(`MOCK_STATE_FILE ${path} is ${problem}`)
  return parsed as Snapshot
}

/**
 * Writes run one at a time; changes made while one runs share the next write, which reads the
 * state when it starts, so every change lands in a write that began after it.
 */
function createWriter (path: string, accounts: AccountStore<Activation>) {
  let tail: Promise<void> = Promise.resolve()
  let queued: Promise<void> | undefined
  let failure: string | undefined

  async function write (): Promise<void> {
    queued = undefined
    const text = JSON.stringify(toSnapshot(await accounts.snapshot()), null, 2) + '\n'
    try {
      // A temporary file, fsynced, then renamed over the old one: a crash leaves the old file or the new one.
      await writeFileAtomic(path, text)
      failure = undefined
    } catch (error) {
      failure = `MOCK_STATE_FILE ${path} could not be written: ${(error as Error).message}`
    }
  }

  return {
    changed (): Promise<void> {
      queued ??= tail.then(write)
      tail = queued
      return queued
    },
    failure: () => failure,
    idle: () => tail,
  }
}

/**
 * The in-memory backend, kept in a JSON file: loaded at start, written after every change to
 * the accounts or counters (before the change's response is sent). The journal and faults
 * stay in memory. A write failure does not fail requests; health reports it.
 */
export async function createFileState (path: string, options: MemoryStateOptions = {}): Promise<MockState> {
  const state = createMemoryState(options)
  const memory = state.accounts
  const saved = await readSnapshot(path)
  if (saved !== undefined) await memory.restore(saved)
  const writer = createWriter(path, memory)

  const accounts: AccountStore<Activation> = {
    ...memory,
    async claim (sid, create) {
      const outcome = await memory.claim(sid, create)
      if (outcome.claimed) await writer.changed()
      return outcome
    },
    async seed (sid, accountState) { await memory.seed(sid, accountState); await writer.changed() },
    async reset (sid) { await memory.reset(sid); await writer.changed() },
    async restore (snapshot) { await memory.restore(snapshot); await writer.changed() },
  }

  return {
    ...state,
    accounts,
    async health () {
      const failure = writer.failure()
      return failure === undefined ? { backend: 'memory', ok: true } : { backend: 'memory', ok: false, detail: failure }
    },
    async close () { await writer.idle() },
  }
}

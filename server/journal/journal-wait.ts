import type { Journal, JournalFilter, JournalPage } from './journal.js'

/** The longest `wait` a journal read may ask for. */
export const MAX_JOURNAL_WAIT_MS = 30_000
/** Reads waiting at once per app; past it a read with `wait` is refused (503) rather than queued. */
export const MAX_JOURNAL_WAITERS = 64
/**
 * How often a wait on a journal other processes write to (Redis) reads again: their entries are not
 * heard by watch(). One short read (the newest entry) per period, not a loop.
 */
const SHARED_RECHECK_MS = 200

/**
 * Reads the journal until a page holds an entry matching the filter, or `waitMs` passes, or `stop`
 * is aborted (the client went away, the app is closing); then answers the last read. Woken by each
 * entry this process records, so an in-memory journal answers as soon as the entry exists.
 */
export async function waitForEntries (journal: Journal, filter: JournalFilter, waitMs: number, stop: AbortSignal): Promise<JournalPage> {
  const deadline = Date.now() + waitMs
  for (;;) {
    let wake: (() => void) | undefined
    let woken = false
    // Watching before the read, so an entry recorded while it runs is not missed.
    const unwatch = journal.watch(() => {
      woken = true
      wake?.()
    })
    try {
      const page = await journal.list(filter)
      const left = deadline - Date.now()
      if (page.entries.length > 0 || left <= 0 || stop.aborted) return page
      if (woken) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, journal.shared ? Math.min(left, SHARED_RECHECK_MS) : left)
        stop.addEventListener('abort', done, { once: true })
        wake = done
        function done (): void {
          clearTimeout(timer)
          stop.removeEventListener('abort', done)
          resolve()
        }
      })
    } finally {
      unwatch()
    }
  }
}

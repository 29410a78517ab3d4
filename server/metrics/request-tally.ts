/**
 * What the metrics count, as plain numbers kept by the app: each request adds to a few of them
 * (a Map entry, a bucket, a sum), with no metrics library on the request's path. prom-client
 * turns them into the exposition format when GET /__admin/metrics asks (metrics-exposition.ts).
 */

/** Upper bounds of the latency histogram, in seconds: the mock answers in about a millisecond; faults delay up to 60 s. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const

/**
 * Namespaces with series of their own; requests in any further one are counted under OTHER.
 * Namespaces come and go (a suite may make one per test), and every one would add series that
 * Prometheus keeps and this process keeps in memory.
 */
export const MAX_NAMESPACE_SERIES = 100

/** The label value of the namespaces past MAX_NAMESPACE_SERIES; no namespace name has parentheses. */
const OTHER_NAMESPACES = '(other)'

/** The label value of the default namespace (URLs without /ns/{name}). */
const DEFAULT_NAMESPACE = ''

type StoreFailure = 'timeout' | 'write'

/** One namespace's numbers. */
export interface NamespaceTally {
  /**
   * By status, then inner code, then rule (empty for none). Nested maps: the codes and rules are the
   * catalogue's own strings, whose hashes V8 keeps, so a request builds no key.
   */
  readonly requests: Map<number, Map<string, Map<string, { count: number }>>>
  /** Per LATENCY_BUCKETS bound, requests at or under it (not cumulative; the exposition adds them up). */
  readonly buckets: number[]
  latencySum: number
  latencyCount: number
  claimed: number
  readonly storeFailures: Record<StoreFailure, number>
  unrecorded: number
}

export interface RequestTally {
  /** A finished endpoint request (what the journal records); status 0 for a dropped connection. */
  observeRequest (namespace: string | undefined, status: number, code: string | null, rule: string | null, elapsedMs: number): void
  /** A request the state store failed (503). */
  storeFailure (namespace: string | undefined, failure: StoreFailure): void
  /** A request the journal could not record. */
  unrecorded (namespace: string | undefined): void
  /** Every namespace's numbers, by label value. */
  namespaces (): ReadonlyMap<string, NamespaceTally>
}

function emptyTally (): NamespaceTally {
  return {
    requests: new Map(),
    buckets: LATENCY_BUCKETS.map(() => 0),
    latencySum: 0,
    latencyCount: 0,
    claimed: 0,
    storeFailures: { timeout: 0, write: 0 },
    unrecorded: 0,
  }
}

/** One per app (style rule 3): two apps in one process count apart. */
export function createRequestTally (): RequestTally {
  const tallies = new Map<string, NamespaceTally>()
  const root = emptyTally()
  tallies.set(DEFAULT_NAMESPACE, root)

  function tallyOf (namespace: string | undefined): NamespaceTally {
    if (namespace === undefined) return root
    let tally = tallies.get(namespace)
    if (tally === undefined) {
      // The default namespace and OTHER are the two entries that are no namespace of their own.
      const label = tallies.size - (tallies.has(OTHER_NAMESPACES) ? 2 : 1) < MAX_NAMESPACE_SERIES ? namespace : OTHER_NAMESPACES
      tally = tallies.get(label)
      if (tally === undefined) {
        tally = emptyTally()
        tallies.set(label, tally)
      }
    }
    return tally
  }

  return {
    observeRequest (namespace, status, code, rule, elapsedMs) {
      const tally = tallyOf(namespace)
      let byCode = tally.requests.get(status)
      if (byCode === undefined) tally.requests.set(status, byCode = new Map())
      let byRule = byCode.get(code ?? '')
      if (byRule === undefined) byCode.set(code ?? '', byRule = new Map())
      const cell = byRule.get(rule ?? '')
      if (cell === undefined) byRule.set(rule ?? '', { count: 1 })
      else cell.count++
      const seconds = elapsedMs / 1000
      let bucket = 0
      while (bucket < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[bucket]) bucket++
      // Past the last bound it counts only in +Inf, which is the count.
      if (bucket < LATENCY_BUCKETS.length) tally.buckets[bucket]++
      tally.latencySum += seconds
      tally.latencyCount++
      if (code === 'I102') tally.claimed++
    },
    storeFailure (namespace, failure) {
      tallyOf(namespace).storeFailures[failure]++
    },
    unrecorded (namespace) {
      tallyOf(namespace).unrecorded++
    },
    namespaces: () => tallies,
  }
}

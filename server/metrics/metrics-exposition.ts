import { LATENCY_BUCKETS, type NamespaceTally, type RequestTally } from './request-tally.js'

/** Every metric's name starts with this. */
const METRIC_PREFIX = 'kaleyra_mock_'

/**
 * The label naming the namespace. Not `namespace`: Prometheus's Kubernetes discovery gives every
 * target a `namespace` label, which would rename this one to exported_namespace.
 */
const NAMESPACE_LABEL = 'mock_namespace'

/** A metric as prom-client's registry.getMetricsAsJSON() writes it, which AggregatorRegistry.aggregate reads. */
interface MetricJson {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  aggregator: 'sum'
  values: Array<{ value: number, labels: Record<string, string | number>, metricName?: string }>
}

function counter (name: string, help: string, tallies: ReadonlyMap<string, NamespaceTally>, read: (tally: NamespaceTally) => Array<[Record<string, string>, number]>): MetricJson {
  const values = [...tallies].flatMap(([namespace, tally]) => read(tally).map(([labels, value]) => ({ value, labels: { [NAMESPACE_LABEL]: namespace, ...labels } })))
  return { name: METRIC_PREFIX + name, help, type: 'counter', aggregator: 'sum', values }
}

function latencyHistogram (tallies: ReadonlyMap<string, NamespaceTally>): MetricJson {
  const name = `${METRIC_PREFIX}request_duration_seconds`
  const values: MetricJson['values'] = []
  for (const [namespace, tally] of tallies) {
    if (tally.latencyCount === 0) continue
    const labels = { [NAMESPACE_LABEL]: namespace }
    let cumulative = 0
    LATENCY_BUCKETS.forEach((bound, i) => {
      cumulative += tally.buckets[i]
      values.push({ value: cumulative, labels: { ...labels, le: bound }, metricName: `${name}_bucket` })
    })
    values.push({ value: tally.latencyCount, labels: { ...labels, le: '+Inf' }, metricName: `${name}_bucket` })
    values.push({ value: tally.latencySum, labels, metricName: `${name}_sum` })
    values.push({ value: tally.latencyCount, labels, metricName: `${name}_count` })
  }
  return { name, help: 'Time from a request\'s arrival to its answer (the endpoint, not /__admin), in seconds.', type: 'histogram', aggregator: 'sum', values }
}

export interface Exposition {
  contentType: string
  text: string
}

/** Values read when scraped rather than counted per request. */
export interface ScrapeReadings {
  /** Entries the default namespace's journal pushed out by its bound since it was last cleared. */
  journalDropped: number | undefined
}

/**
 * The Prometheus text format of the tallies. prom-client is loaded here, at the first scrape,
 * not with the app: it costs tens of milliseconds of start-up that most runs never use
 * (docs/decisions/metrics.md). Its AggregatorRegistry turns metrics in its own JSON form into a
 * registry of this scrape alone, never the global default one.
 */
export async function expose (tally: RequestTally, readings: ScrapeReadings): Promise<Exposition> {
  const { AggregatorRegistry } = await import('prom-client')
  const tallies = tally.namespaces()
  const metrics: MetricJson[] = [
    counter('requests_total', 'Requests to the endpoint (not /__admin), by status (0: connection dropped by a fault), inner code and rule, as the journal records them.', tallies,
      (t) => [...t.requests].flatMap(([status, byCode]) => [...byCode].flatMap(([code, byRule]) =>
        [...byRule].map(([rule, { count }]): [Record<string, string>, number] => [{ status: String(status), code, rule }, count])))),
    latencyHistogram(tallies),
    counter('accounts_claimed_total', 'Accounts claimed: first valid activations answered 200 I102.', tallies, (t) => t.claimed === 0 ? [] : [[{}, t.claimed]]),
    counter('store_failures_total', 'Requests answered 503 because the state store failed them: timeout (Redis unreachable or slower than MOCK_STORE_TIMEOUT_MS) or write (the state file refused the change).', tallies,
      (t) => (['timeout', 'write'] as const).filter((failure) => t.storeFailures[failure] > 0).map((failure) => [{ failure }, t.storeFailures[failure]])),
    counter('journal_unrecorded_total', 'Requests the journal could not record (its store failed); they were answered all the same.', tallies, (t) => t.unrecorded === 0 ? [] : [[{}, t.unrecorded]]),
  ]
  if (readings.journalDropped !== undefined) {
    metrics.push({
      name: `${METRIC_PREFIX}journal_dropped_entries`,
      help: 'Entries the default namespace\'s journal pushed out by its bound (MOCK_JOURNAL_SIZE) since it was last cleared.',
      type: 'gauge',
      aggregator: 'sum',
      values: [{ value: readings.journalDropped, labels: {} }],
    })
  }
  const registry = AggregatorRegistry.aggregate([metrics])
  return { contentType: registry.contentType, text: await registry.metrics() }
}

import { Counter, Histogram, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { parsePrometheusText } from '../support/prometheus-text.js'

// The reader the metrics suite scrapes with (test/support/prometheus-text.ts), held to what prom-client writes.
describe('the strict reader of the Prometheus text format', () => {
  it('reads what prom-client writes for a labelled counter and histogram, escapes included', async () => {
    const registry = new Registry()
    const counter = new Counter({ name: 'c_total', help: 'a "counter"\nwith a line break', labelNames: ['a'], registers: [registry] })
    const histogram = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['a'], buckets: [0.5, 1], registers: [registry] })
    counter.inc({ a: 'x"y\\z\nw' }, 2)
    histogram.observe({ a: 'p' }, 0.7)
    histogram.observe({ a: 'q' }, 2)
    const [c, h] = parsePrometheusText(await registry.metrics())
    expect(c).toEqual({ name: 'c_total', help: 'a "counter"\nwith a line break', type: 'counter', samples: [{ name: 'c_total', labels: { a: 'x"y\\z\nw' }, value: 2 }] })
    expect(h.type).toBe('histogram')
    expect(h.samples.filter((sample) => sample.labels.a === 'q').map((sample) => [sample.name, sample.labels.le, sample.value])).toEqual([
      ['h_seconds_bucket', '0.5', 0], ['h_seconds_bucket', '1', 0], ['h_seconds_bucket', '+Inf', 1], ['h_seconds_sum', undefined, 2], ['h_seconds_count', undefined, 1],
    ])
  })

  it.each([
    ['a sample before any TYPE', 'x 1\n'],
    ['a sample of another family', '# TYPE a counter\nb 1\n'],
    ['an unterminated label value', '# TYPE a counter\na{l="v} 1\n'],
    ['a label given twice', '# TYPE a counter\na{l="1",l="2"} 1\n'],
    ['a value that is no number', '# TYPE a counter\na 1x\n'],
    ['a missing final line feed', '# TYPE a counter\na 1'],
    ['a histogram sample without its suffix', '# TYPE h histogram\nh 1\n'],
  ])('refuses %s', (_name, text) => {
    expect(() => parsePrometheusText(text)).toThrow()
  })
})

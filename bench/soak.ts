import autocannon from 'autocannon'
import { rssMiB, startMock, stop } from './processes.js'
import { activationPath, buildScenarios } from './scenarios.js'

// `npm run soak`: 100,000 mixed requests (SOAK_REQUESTS) against the built mock on loopback,
// with RSS before and after. Every sixth request is a success on a fresh SID, so accounts grow
// by design; everything else (bodies, certificates, journal, faults) must not.
const total = Number(process.env.SOAK_REQUESTS ?? 100_000)
const CLAIMED = 'HXSOAKCLAIMED'

async function main (): Promise<void> {
  const mock = await startMock()
  const pid = mock.child.pid!
  const [jsonError, success, gif, e937] = buildScenarios()
  const run = Date.now().toString(36)
  let fresh = 0
  try {
    const claim = await fetch(`http://127.0.0.1:${mock.port}${activationPath(CLAIMED)}`, { method: 'POST', body: success.body, headers: success.headers })
    await claim.arrayBuffer()
    const rssBefore = rssMiB(pid)
    const started = Date.now()
    // RSS every 5 s: a plateau, not a slope, is what bounded memory looks like.
    const rssSeries: number[] = []
    const sampler = setInterval(() => { rssSeries.push(rssMiB(pid)) }, 5000)
    const errorKinds: Record<string, number> = {}
    let instance: autocannon.Instance | undefined
    const finished = new Promise<autocannon.Result>((resolve, reject) => { instance = autocannon({
      url: `http://127.0.0.1:${mock.port}`,
      connections: 50,
      amount: total,
      timeout: 10,
      requests: [
        { method: 'POST', path: activationPath('HXSOAK'), headers: success.headers, body: success.body, setupRequest: (request) => ({ ...request, path: activationPath(`HXS${run}N${++fresh}`) }) },
        { method: 'POST', path: activationPath('HXSOAKGIF'), headers: gif.headers, body: gif.body },
        { method: 'POST', path: activationPath('HXSOAKJSON'), headers: jsonError.headers, body: jsonError.body },
        { method: 'POST', path: activationPath(CLAIMED), headers: e937.headers, body: e937.body },
        { method: 'POST', path: activationPath('HXSOAKFORM'), headers: { 'content-type': 'application/x-www-form-urlencoded', 'api-key': 'Ac4XXXXX21f' }, body: 'display_name=x&wa_number=%2B13236621127' },
        { method: 'GET', path: '/v1/nothing/here' },
      ],
    }, (error, result) => { if (error) reject(error); else resolve(result) }) })
    instance!.on('reqError', (error: NodeJS.ErrnoException) => {
      const kind = error.code ?? error.message
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1
    })
    const result = await finished
    clearInterval(sampler)
    const seconds = (Date.now() - started) / 1000
    const rssAfter = rssMiB(pid)
    const journalPage = await fetch(`http://127.0.0.1:${mock.port}/__admin/requests?limit=1`)
    const journal = await journalPage.json() as { total: number, dropped: number, capacity: number }
    const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stat]) => [status, stat.count ?? 0]))
    const report = {
      requests: result.requests.total,
      seconds,
      requestsPerSecond: Math.round(result.requests.total / seconds),
      errors: result.errors + result.timeouts,
      errorKinds,
      statuses,
      freshSids: fresh,
      journal: { total: journal.total, dropped: journal.dropped, capacity: journal.capacity },
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssAfter,
      rssEvery5sMiB: rssSeries,
    }
    console.log(JSON.stringify(report, null, 2))
    // Every fresh SID must have been claimed exactly once; nothing may have failed on the server.
    const serverErrors = Object.entries(statuses).filter(([status]) => Number(status) >= 500).reduce((sum, [, count]) => sum + count, 0)
    // Nothing lost: the journal counted every request (the claim before the run included).
    const journalled = journal.total === report.requests + 1 && journal.dropped === journal.total - journal.capacity
    if (report.errors > 0 || serverErrors > 0 || statuses['200'] !== fresh || !journalled) {
      console.error(`soak failed: ${report.errors} socket errors, ${serverErrors} 5xx, ${statuses['200']} successes for ${fresh} fresh SIDs, journal total ${journal.total} for ${report.requests + 1} requests`)
      process.exitCode = 1
    }
  } finally {
    await stop(mock)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

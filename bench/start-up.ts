import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { cpuMs, ROOT, startMock, stop } from './processes.js'

/**
 * Start to first healthy answer of `npm start`'s command (minus npm), with the Node that runs
 * this script: `node --import tsx bench/start-up.ts [starts] [checkout...]`. Given other
 * checkouts (each built), it starts each in turn, so that they share whatever else the machine
 * does. Each checkout's compile cache (Node 22+) goes to a fresh directory: its first start fills
 * it, as in a new container, and the others read it. Besides the wall-clock time it reports the
 * CPU time the process used until its first healthy answer, which other work changes far less.
 */
const [startsArgument, ...checkouts] = process.argv.slice(2)
const starts = Number(startsArgument ?? 20)
const roots = checkouts.length > 0 ? checkouts.map((checkout) => resolve(checkout)) : [ROOT]

const runs = roots.map((root) => ({ root, cache: mkdtempSync(join(tmpdir(), 'kaleyra-mock-compile-cache-')), wall: [] as number[], cpu: [] as number[] }))
try {
  for (let i = 0; i < starts; i++) {
    for (const run of runs) {
      const served = await startMock({ LOG_LEVEL: 'silent', NODE_COMPILE_CACHE: run.cache }, run.root)
      run.wall.push(served.startMs)
      run.cpu.push(cpuMs(served.child.pid!) ?? Number.NaN)
      await stop(served)
    }
  }
} finally {
  for (const run of runs) rmSync(run.cache, { recursive: true, force: true })
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)])
}
for (const run of runs) {
  console.log(JSON.stringify({
    checkout: run.root,
    node: process.version,
    cpus: availableParallelism(),
    starts,
    first: { wallMs: Math.round(run.wall[0]), cpuMs: run.cpu[0] },
    others: { wallMs: median(run.wall.slice(1)), cpuMs: median(run.cpu.slice(1)) },
  }))
}

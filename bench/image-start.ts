import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { cpuMs, freePort, ROOT } from './processes.js'
import { baseOfDockerfile } from './dockerfile-base.js'
import { writeImageResults, type ImageResults } from './report.js'

/**
 * The image's start, from a new container to its first healthy answer, with podman:
 * `node --import tsx bench/image-start.ts [starts] [image...]`. Without images it builds the
 * Dockerfile (removed again afterwards); given several, it starts each in turn, so that they share
 * whatever else the machine does. Each start is `podman run --detach` with port 8080 published on
 * 127.0.0.1, then GET /__admin/health every 2 ms until it answers 200. It reports medians of:
 * - startedMs: from the moment podman records the container as started (`.State.StartedAt`) to
 *   that answer: the image's start (fastestStartedMs: the quickest start, the one that waited
 *   least for a CPU);
 * - runMs: from calling `podman run` to that answer, with podman's own work;
 * - cpuMs: the CPU time the server process (tini's child) used until then, which other work on the
 *   machine changes far less than the wall-clock times.
 * and the image's size and what it adds to its base (the final stage's FROM in the Dockerfile), as
 * `podman image inspect` reports them. Measuring the Dockerfile's own image (no image arguments) also
 * writes bench/image-results.json and renders docs/benchmarks.md again; commit both together.
 */

const [startsArgument, ...images] = process.argv.slice(2)
const starts = Number(startsArgument ?? 20)

function podman (args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('podman', args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout.trim())
      else reject(new Error(`podman ${args.join(' ')}: ${(stderr || error.message).slice(-2000)}`))
    })
  })
}

async function healthy (port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/__admin/health`, { signal: AbortSignal.timeout(1000) })
    await response.arrayBuffer()
    return response.status === 200
  } catch {
    return false
  }
}

interface Start { startedMs: number, runMs: number, cpuMs: number }

async function startOnce (image: string): Promise<Start> {
  const port = await freePort()
  const called = performance.now()
  const container = await podman(['run', '--detach', '--publish', `127.0.0.1:${port}:8080`, image])
  try {
    const deadline = Date.now() + 30_000
    while (!await healthy(port)) {
      if (Date.now() > deadline) throw new Error(`${image} did not answer GET /__admin/health with 200 within 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    const answeredAt = Date.now()
    const runMs = performance.now() - called
    const [startedAt, pid] = (await podman(['inspect', '--format', '{{.State.StartedAt.UnixMilli}} {{.State.Pid}}', container])).split(' ')
    // PID 1 is tini; the server is its only child.
    const server = Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0])
    return { startedMs: answeredAt - Number(startedAt), runMs, cpuMs: cpuMs(server) ?? Number.NaN }
  } finally {
    await podman(['rm', '--force', '--time', '0', container])
  }
}

/** The fields of `podman image inspect` read here. */
interface Inspected { Size: number, Comment?: string, RootFS: { Layers: string[] } }

interface Sizes { sizeBytes: number, baseSizeBytes: number, standInBase: boolean }

/**
 * Sizes as podman stores the images (uncompressed). The difference is what the Dockerfile's layers
 * add only if the image really is built on that base, so the base's layers must be the image's first.
 */
async function sizesOf (image: string, base: string): Promise<Sizes> {
  const inspect = async (name: string) => (JSON.parse(await podman(['image', 'inspect', name])) as Inspected[])[0]
  const [own, inherited] = [await inspect(image), await inspect(base)]
  if (!inherited.RootFS.Layers.every((layer, i) => own.RootFS.Layers[i] === layer)) {
    throw new Error(`${image} is not built on the ${base} in podman's store`)
  }
  // `podman import` (scripts/container/build-node-base.sh, where Docker Hub is unreachable) leaves this comment.
  return { sizeBytes: own.Size, baseSizeBytes: inherited.Size, standInBase: inherited.Comment === 'imported from tarball' }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)])
}

const base = baseOfDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
const built = images.length === 0 ? `localhost/kaleyra-mock-bench:${randomBytes(4).toString('hex')}` : undefined
if (built !== undefined) {
  await podman(['build', '--format', 'docker', '--network', 'host', '--tag', built, ROOT], 900_000)
  images.push(built)
}
try {
  const runs = images.map((image) => ({ image, starts: [] as Start[] }))
  for (let i = 0; i < starts; i++) {
    for (const run of runs) run.starts.push(await startOnce(run.image))
  }
  for (const run of runs) {
    const node = await podman(['run', '--rm', '--entrypoint', 'node', run.image, '--version'])
    const sizes = await sizesOf(run.image, base)
    const results: ImageResults = {
      date: new Date().toISOString().slice(0, 10),
      machine: { cpus: availableParallelism(), node },
      starts,
      startedMs: median(run.starts.map((start) => start.startedMs)),
      fastestStartedMs: Math.round(Math.min(...run.starts.map((start) => start.startedMs))),
      runMs: median(run.starts.map((start) => start.runMs)),
      cpuMs: median(run.starts.map((start) => start.cpuMs)),
      base: { image: base, sizeBytes: sizes.baseSizeBytes, standIn: sizes.standInBase },
      sizeBytes: sizes.sizeBytes,
      addedBytes: sizes.sizeBytes - sizes.baseSizeBytes,
    }
    console.log(JSON.stringify({ image: run.image, ...results }))
    if (run.image === built) {
      writeImageResults(results)
      console.log('written to bench/image-results.json and docs/benchmarks.md')
    }
  }
} finally {
  if (built !== undefined) await podman(['rmi', '--force', built])
}

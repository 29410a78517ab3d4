import fc from 'fast-check'
import { fuzzRequest } from '../test/support/fuzz-arbitraries.js'
import { multipartCase } from '../test/support/multipart-arbitraries.js'
import { API_KEY, activationTarget, type BodyKind, type ParityCase } from './cases.js'

/** The seed of every CI run, so a mismatch found there is found again by the same command. */
export const PARITY_SEED = 19

function kindOf (contentType: string | undefined): BodyKind {
  if (contentType === undefined) return 'none'
  const type = contentType.toLowerCase()
  if (type.startsWith('multipart/')) return 'multipart'
  if (type.includes('json')) return 'json'
  if (type.startsWith('application/x-www-form-urlencoded')) return 'form'
  return 'other'
}

/**
 * `runs` requests from the project's own arbitraries (half whole requests from the fuzz target's
 * generator, half multipart bodies from the multipart differential's), seeded. Each gets a SID of
 * its own, so that no two cases share a claim.
 */
export function generatedCases (runs: number, seed = PARITY_SEED): ParityCase[] {
  const whole = fc.sample(fuzzRequest, { seed, numRuns: Math.ceil(runs / 2) })
  const multipart = fc.sample(multipartCase, { seed: seed + 1, numRuns: Math.floor(runs / 2) })
  const cases: ParityCase[] = []
  whole.forEach((request, i) => {
    // The generator's hostile SIDs (broken escapes, 200 characters) are hand-picked cases; here each
    // request gets a plain SID of its own, so that the bodies are what is compared.
    const sid = `HXFUZZG${i}`
    const contentType = request.headers['content-type']
    cases.push({
      name: `fuzz request #${i} (seed ${seed})`,
      source: 'generated',
      kind: kindOf(contentType),
      requests: [{ method: 'POST', target: activationTarget(sid), headers: Object.entries(request.headers), body: request.payload }],
    })
  })
  multipart.forEach((generated, i) => {
    cases.push({
      name: `multipart body #${i} (seed ${seed + 1})`,
      source: 'generated',
      kind: 'multipart',
      requests: [{ method: 'POST', target: activationTarget(`HXMULTI${i}`), headers: [['api-key', API_KEY], ['Content-Type', generated.contentType]], body: generated.body }],
    })
  })
  return cases
}

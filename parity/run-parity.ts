import type { BodyKind, ParityCase } from './cases.js'
import { FIELD_ORDER, outcomeOf, sameOutcome, type Outcome } from './compare.js'
import { requestBytes, send } from './wire.js'
import knownDifferences from './known-differences.json' with { type: 'json' }

export interface KnownDifference {
  id: string
  /** The only two reasons a difference may be listed (issue 19). */
  reason: 'assumed-rule' | 'serving'
  /** What the reference assumes, or what in its serving set-up differs, in one or two sentences. */
  why: string
  /** Partial outcomes: a pair matches when each side has these values. */
  mock?: Partial<Outcome>
  reference?: Partial<Outcome>
  /** The reference got past this field: it answered a later field, E937 or success. */
  referencePassed?: (typeof FIELD_ORDER)[number]
  /** The reference's answer is not the vendor's envelope (a page nginx wrote itself). */
  referenceNotEnvelope?: true
  /** Only cases whose body is of this kind. */
  kind?: BodyKind
}

export const KNOWN_DIFFERENCES = knownDifferences as KnownDifference[]

export interface CaseResult {
  case: ParityCase
  mock: Outcome[]
  reference: Outcome[]
  /** Agreement on every request of the case. */
  agrees: boolean
  /** The listed difference that explains each disagreeing request, when all are listed. */
  listedAs?: string[]
}

function matches (outcome: Outcome, partial: Partial<Outcome> | undefined): boolean {
  if (partial === undefined) return true
  return Object.entries(partial).every(([key, value]) => JSON.stringify(outcome[key as keyof Outcome]) === JSON.stringify(value))
}

function passed (outcome: Outcome, field: (typeof FIELD_ORDER)[number]): boolean {
  if (outcome.status === 200 || outcome.innerCode === 'E937') return true
  if (outcome.parameter === undefined) return false
  return FIELD_ORDER.indexOf(outcome.parameter as (typeof FIELD_ORDER)[number]) > FIELD_ORDER.indexOf(field)
}

function listedDifference (kind: BodyKind, mock: Outcome, reference: Outcome, list: readonly KnownDifference[] = KNOWN_DIFFERENCES): KnownDifference | undefined {
  return list.find((entry) => (entry.kind === undefined || entry.kind === kind) && matches(mock, entry.mock) && matches(reference, entry.reference) &&
    (entry.referencePassed === undefined || passed(reference, entry.referencePassed)) &&
    (entry.referenceNotEnvelope === undefined || reference.raw !== undefined))
}

/** Runs one case against both servers: its requests in order, each sent to both at once. */
async function runCase (parityCase: ParityCase, mockPort: number, referencePort: number): Promise<CaseResult> {
  const mock: Outcome[] = []
  const reference: Outcome[] = []
  for (const request of parityCase.requests) {
    const bytes = requestBytes(request)
    const [fromMock, fromReference] = await Promise.all([send(mockPort, bytes), send(referencePort, bytes)])
    mock.push(outcomeOf(fromMock))
    reference.push(outcomeOf(fromReference))
  }
  const differing = mock.map((outcome, i) => [outcome, reference[i] as Outcome] as const).filter(([a, b]) => !sameOutcome(a, b))
  const listed = differing.map(([a, b]) => listedDifference(parityCase.kind, a, b)?.id)
  return {
    case: parityCase,
    mock,
    reference,
    agrees: differing.length === 0,
    ...(differing.length > 0 && listed.every((id) => id !== undefined) ? { listedAs: listed as string[] } : {}),
  }
}

/** Every case, `concurrency` at a time. */
export async function runParity (cases: readonly ParityCase[], mockPort: number, referencePort: number, concurrency = 16): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const index = next++
      results[index] = await runCase(cases[index] as ParityCase, mockPort, referencePort)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return results
}

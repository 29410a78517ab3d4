/** The JSON the Pact verifier returns (pactffi_verifier_json), as far as the report reads it. */
export interface VerifierResults {
  result: boolean
  interactionResults?: Array<{ description: string, result: string }>
  errors?: Array<{ interaction: string, mismatch: VerifierFailure }>
}

type VerifierFailure =
  | { type: 'mismatches', mismatches: Mismatch[] }
  | { type: 'error', message: string }

interface Mismatch {
  type: string
  mismatch?: string
  path?: string
  key?: string
  expected?: unknown
  actual?: unknown
}

const SHORT = 160

/** For scalars, "expected X, the API answers Y" reads better than the verifier's inverted sentence. */
function comparison (mismatch: Mismatch): string | undefined {
  const { expected, actual } = mismatch
  if (typeof expected !== 'string' || typeof actual !== 'string') return undefined
  if (expected.length > SHORT || actual.length > SHORT || /^[[{]/.test(expected) || /^[[{]/.test(actual)) return undefined
  return `the pact expects ${expected}, the API answers ${actual}`
}

export interface VerifyReport {
  lines: string[]
  passed: number
  failed: number
}

function reason (mismatch: Mismatch): string {
  const text = mismatch.mismatch ?? JSON.stringify(mismatch)
  switch (mismatch.type) {
    case 'StatusMismatch': return `status: ${text}`
    case 'BodyMismatch': return `body ${mismatch.path ?? '$'}: ${comparison(mismatch) ?? text}`
    case 'HeaderMismatch': return `header ${mismatch.key ?? ''}: ${text}`
    case 'BodyTypeMismatch': return `body type: ${text}`
    default: return `${mismatch.type}: ${text}`
  }
}

function reasons (failure: VerifierFailure): string[] {
  if (failure.type === 'error') return [failure.message]
  return failure.mismatches.map(reason)
}

/**
 * One line per interaction, OK or FAILED, with the verifier's reasons under each failure, so
 * a client team reads what the real API would have done differently.
 */
export function formatReport (results: VerifierResults): VerifyReport {
  const errors = results.errors ?? []
  const interactions = results.interactionResults ?? []
  const lines: string[] = []
  let passed = 0
  let failed = 0
  const reported = new Set<number>()
  for (const { description, result } of interactions) {
    const index = errors.findIndex((error, i) => !reported.has(i) && error.interaction.endsWith(` - ${description}`))
    if (index === -1 && result === 'OK') {
      lines.push(`  OK      ${description}`)
      passed += 1
      continue
    }
    failed += 1
    lines.push(`  FAILED  ${description}`)
    if (index !== -1) {
      reported.add(index)
      for (const line of reasons(errors[index].mismatch)) lines.push(`          - ${line}`)
    }
  }
  // Failures the verifier could not pin to an interaction (a pact it could not load, say).
  errors.forEach((error, i) => {
    if (reported.has(i)) return
    failed += 1
    lines.push(`  FAILED  ${error.interaction}`)
    for (const line of reasons(error.mismatch)) lines.push(`          - ${line}`)
  })
  return { lines, passed, failed }
}

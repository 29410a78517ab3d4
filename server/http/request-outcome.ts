import type { FastifyRequest } from 'fastify'

/** What the journal says about a response, noted where the response is decided. */
export interface Outcome {
  /** The inner code of an error envelope (E413, E937, E401…) or I102. */
  code: string | null
  /** The rule that rejected the request, or null for a success. */
  rule: string | null
  /** For a validation error, the field it names. */
  parameter?: string
}

declare module 'fastify' {
  interface FastifyRequest {
    outcome: Outcome | null
  }
}

export function noteOutcome (request: FastifyRequest, outcome: Outcome): void {
  request.outcome = outcome
}

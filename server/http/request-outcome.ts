import type { FastifyRequest } from 'fastify'
import type { DroppedFile } from './multipart-parser.js'

/** What the journal says about a response, noted where the response is decided. */
export interface Outcome {
  /** The inner code of an error envelope (E413, E937, E401…) or I102. */
  code: string | null
  /** The rule that rejected the request, or null for a success; a body problem's rule when there was one. */
  rule: string | null
  /** For a validation error, the field it names. */
  parameter?: string
}

/**
 * Why a body was read only in part, or not at all, where PHP answers nothing of it: the answer
 * is then what validation makes of the fields that could be read, and this is the true reason.
 */
export interface BodyProblem {
  /** What the journal and the log line show as the rule: malformed_body, unsupported_media_type. */
  rule: string
  /** The parser's own words, for the log line. */
  reason: string
}

declare module 'fastify' {
  interface FastifyRequest {
    outcome: Outcome | null
    bodyProblem: BodyProblem | null
    /** File parts with bytes but an empty filename, which PHP took as no file (the multipart parser notes them). */
    unnamedFiles: DroppedFile[] | null
  }
}

/** Notes the answer; a body problem takes the rule's place whatever the answer, as it explains it. */
export function noteOutcome (request: FastifyRequest, outcome: Outcome): void {
  // Undefined, not null, on the requests Fastify builds for routing errors (no decorators there).
  const problem = request.bodyProblem ?? null
  request.outcome = problem === null ? outcome : { code: outcome.code, rule: problem.rule, parameter: outcome.parameter }
}

export function noteBodyProblem (request: FastifyRequest, problem: BodyProblem): void {
  request.bodyProblem = problem
}

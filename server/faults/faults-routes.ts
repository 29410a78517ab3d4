import type { FastifyInstance } from 'fastify'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { ApiError } from '../http/errors.js'
import { sendApiError } from '../http/error-handler.js'
import { RETRY_AFTER_STATUSES, validationAnswerProblem } from './fault-answers.js'
import { DEFAULT_FAULT_TIMES, FAULT_ANSWERS, FaultBodySchema, FaultListSchema, FaultSchema } from './fault-schemas.js'
import type { FaultAction, FaultBody, FaultStep, NewFault } from './fault-schemas.js'
import { storeWaitOf } from '../platform/store-wait.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

type ActionBody = Omit<FaultBody, 'sid' | 'times' | 'untilCleared' | 'steps' | 'kind'> & { kind: FaultStep['kind'] | FaultBody['kind'] }

/** The step or fault's own fields, checked together; a string says what is wrong. */
function toAction (body: ActionBody, where: string): FaultAction | string {
  switch (body.kind) {
    case 'delay': {
      if (body.delay !== undefined) {
        const delay = body.delay
        switch (delay.distribution) {
          case 'fixed':
            if (delay.ms === undefined) return `${where}A fixed delay needs ms.`
            return { delay: { distribution: 'fixed', ms: delay.ms } }
          case 'uniform':
            if (delay.min === undefined || delay.max === undefined || delay.min > delay.max) return `${where}A uniform delay needs min <= max.`
            return { delay: { distribution: 'uniform', min: delay.min, max: delay.max } }
          case 'lognormal':
            if (delay.median === undefined || delay.sigma === undefined) return `${where}A lognormal delay needs median and sigma.`
            return { delay: { distribution: 'lognormal', median: delay.median, sigma: delay.sigma } }
        }
      }
      if (body.delayMs === undefined) return `${where}A delay fault needs delayMs or delay.`
      return { delayMs: body.delayMs }
    }
    case 'status': {
      const status = body.status ?? 500
      if (body.retryAfter !== undefined && !RETRY_AFTER_STATUSES.has(status)) return `${where}Retry-After goes with status 429 or 503 only.`
      return body.retryAfter === undefined ? { status } : { status, retryAfter: body.retryAfter }
    }
    case 'answer': {
      if (body.answer === undefined) return `${where}An answer fault needs answer: one of ${FAULT_ANSWERS.join(', ')}.`
      if (body.answer !== 'validation') return { answer: body.answer }
      const problem = validationAnswerProblem(body.parameter, body.rule)
      if (problem !== undefined) return `${where}${problem}`
      return body.rule === undefined ? { answer: body.answer, parameter: body.parameter } : { answer: body.answer, parameter: body.parameter, rule: body.rule }
    }
    case 'drop':
    case 'hang':
    case 'pass':
    case 'sequence':
      return {}
  }
}

function toFault (body: FaultBody): NewFault | string {
  const sid = body.sid ?? null
  if (body.kind === 'sequence') {
    if (body.steps === undefined) return 'A sequence fault needs steps.'
    const steps: FaultStep[] = []
    for (const [index, step] of body.steps.entries()) {
      const action = toAction(step, `Step ${index + 1}: `)
      if (typeof action === 'string') return action
      steps.push({ kind: step.kind, ...action })
    }
    return { kind: 'sequence', sid, remaining: steps.length, steps }
  }
  if (body.steps !== undefined) return 'Only a sequence fault has steps.'
  const action = toAction(body, '')
  if (typeof action === 'string') return action
  // Ajv fills in times's default; the type cannot know that.
  return { kind: body.kind, sid, remaining: body.untilCleared === true ? null : body.times ?? DEFAULT_FAULT_TIMES, ...action }
}

/** Faults make the next requests to the vendor endpoint slow, failing or cut off. */
export async function faultRoutes (app: FastifyInstance): Promise<void> {
  const errors = { 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema }

  app.post<{ Body: FaultBody }>(ADMIN_ROUTES.addFault.path, {
    schema: {
      tags: ['admin'],
      summary: ADMIN_ROUTES.addFault.summary,
      body: FaultBodySchema,
      response: { 201: FaultSchema, ...errors },
    },
  }, async (request, reply) => {
    const fault = toFault(request.body)
    if (typeof fault === 'string') return sendApiError(reply, new ApiError('BAD_REQUEST', fault))
    return reply.code(201).send(await request.ns.faults.add(fault))
  })

  app.get(ADMIN_ROUTES.faults.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.faults.summary, response: { 200: FaultListSchema, ...errors } },
  }, async (request) => ({ faults: await request.ns.faults.list(storeWaitOf(request)) }))

  app.delete(ADMIN_ROUTES.clearFaults.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.clearFaults.summary, response: { 200: FaultListSchema, ...errors } },
  }, async (request) => {
    // Both steps within the request's one store timeout, as the endpoint's steps are.
    const wait = storeWaitOf(request)
    const { faults } = request.ns
    await faults.clear(wait)
    return { faults: await faults.list(wait) }
  })
}

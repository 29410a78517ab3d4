import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/**
 * What one request has waited on the state store so far. Every store call a request makes is
 * given this, and a store that can stall (Redis) bounds the call by its timeout less what was
 * already spent, then adds its own wait: a request waits for a frozen store once, whichever
 * of its steps (fault lookup, api-key check, claim, journal write) meets it. Time spent on the
 * client (a slow upload) is not store time, so it is not charged.
 */
export interface StoreWait {
  spentMs: number
}

declare module 'fastify' {
  interface FastifyRequest {
    storeWait: StoreWait | null
  }
}

/** The request's store wait, made on first use. */
export function storeWaitOf (request: FastifyRequest): StoreWait {
  return request.storeWait ??= { spentMs: 0 }
}

async function storeWait (app: FastifyInstance): Promise<void> {
  app.decorateRequest('storeWait', null)
}

export default fp(storeWait, { name: 'store-wait' })

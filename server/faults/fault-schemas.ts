import Type, { type Static } from 'typebox'
import { FAULT_KINDS } from './fault-store.js'

/** JSON Schemas of the faults' admin routes: their bodies are validated by them, and OpenAPI shows them. */

const MAX_FAULT_TIMES = 10_000
const MAX_DELAY_MS = 60_000

export const FaultBodySchema = Type.Object({
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only requests for this SID; any request when absent.' })),
  times: Type.Integer({ minimum: 1, maximum: MAX_FAULT_TIMES, default: 1, description: 'How many requests it applies to.' }),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'For delay: milliseconds before the normal answer.' })),
  status: Type.Optional(Type.Enum([500, 503], { description: 'For status: the status to answer with (500 by default).' })),
})

export const FaultSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...FAULT_KINDS]),
  sid: Type.Union([Type.String(), Type.Null()]),
  remaining: Type.Integer(),
  delayMs: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Enum([500, 503])),
})

export const FaultListSchema = Type.Object({ faults: Type.Array(FaultSchema) })

export type FaultBody = Static<typeof FaultBodySchema>

import Type from 'typebox'
import { StateHealthSchema } from '../state/state-health.js'

/** JSON Schemas of the admin API's own routes (health); each feature's routes have theirs beside them. */

export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'closing', 'unavailable']),
  store: Type.Optional(StateHealthSchema),
})

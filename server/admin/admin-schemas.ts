import Type from 'typebox'

/** JSON Schemas of the admin API's own routes (health); each feature's routes have theirs beside them. */

const StoreHealthSchema = Type.Object({
  backend: Type.Enum(['memory', 'redis']),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
})
export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'closing', 'unavailable']),
  store: Type.Optional(StoreHealthSchema),
})

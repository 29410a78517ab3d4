import Type, { type Static } from 'typebox'

/**
 * What /__admin/health says about the state backend: every backend's health() returns it and the
 * health route's schema shows it. `ok` is false while the backend cannot serve (Redis unreachable,
 * state file not writable); `detail` says why.
 */
export const StateHealthSchema = Type.Object({
  backend: Type.Enum(['memory', 'redis']),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
})

export type StateHealth = Static<typeof StateHealthSchema>

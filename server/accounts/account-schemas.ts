import Type, { type Static } from 'typebox'
import { ACCOUNT_STATES } from './account-store.js'
import { ActivationSchema } from '../activation/activation-schemas.js'
import { MAX_SID_LENGTH } from '../http/limits.js'

/** JSON Schemas of the accounts' admin routes: their bodies are validated by them, and OpenAPI shows them. */

export const SidParamsSchema = Type.Object({ sid: Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH }) })

export const SeedBodySchema = Type.Object({ state: Type.Enum([...ACCOUNT_STATES]) })

export const AccountSchema = Type.Object({
  sid: Type.String(),
  state: Type.Enum([...ACCOUNT_STATES]),
  activation: Type.Union([ActivationSchema, Type.Null()], { description: 'The activation request this account created, if it did.' }),
})

const MAX_ACCOUNTS_PAGE = 500

export const AccountsQuerySchema = Type.Object({
  after: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SID_LENGTH, description: 'The `next` of the previous page.' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_ACCOUNTS_PAGE, default: 100 }),
})

/** An account as the admin API shows it (and the admin client returns it). */
export type AccountView = Static<typeof AccountSchema>

export const AccountPageSchema = Type.Object({
  accounts: Type.Array(AccountSchema, { description: 'Accounts that are not fresh, ordered by SID.' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `after` for the next page; null on the last page.' }),
})

export const ResetSchema = Type.Object({ status: Type.Literal('reset') })

export type AccountPage = Static<typeof AccountPageSchema>
export type SeedBody = Static<typeof SeedBodySchema>
export type AccountsQuery = Static<typeof AccountsQuerySchema>

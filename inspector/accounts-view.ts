import { adminJson } from './api.js'
import { byId, h, json, replaceChildren } from './dom.js'
import type { Account, AccountPage } from './types.js'

const PAGE_SIZE = 100

export interface AccountsView {
  refresh (): Promise<void>
  /** Shows one account (the E937 link). */
  show (sid: string): Promise<void>
}

function activationSummary (account: Account): string {
  const activation = account.activation as { business_details?: { id?: unknown }, phone_number?: { phone_number?: unknown } } | null
  if (activation === null) return 'none (seeded)'
  return `business details #${String(activation.business_details?.id ?? '?')}, ${String(activation.phone_number?.phone_number ?? '')}`
}

export function createAccountsView (onMessage: (text: string) => void, onResetAll: () => void): AccountsView {
  const body = byId<HTMLTableSectionElement>('accounts-body')
  const more = byId<HTMLButtonElement>('accounts-more')
  const empty = byId('accounts-empty')
  const detail = byId('account-detail')
  const seedForm = byId<HTMLFormElement>('seed-form')
  const resetAll = byId<HTMLButtonElement>('reset-all')
  const confirmBox = byId('reset-all-confirm')
  let next: string | null = null
  /** The account the detail shows, kept current when it is reset from this page. */
  let shown: string | undefined

  async function resetOne (sid: string): Promise<void> {
    const account = await adminJson<Account>('resetAccount', { params: { sid } })
    onMessage(`Account ${account.sid} is fresh again.`)
    if (shown === account.sid) await show(account.sid)
    await refresh()
  }

  function rowOf (account: Account): HTMLTableRowElement {
    const reset = h('button', { type: 'button', 'aria-label': `Reset account ${account.sid}` }, 'Reset')
    reset.addEventListener('click', () => { void resetOne(account.sid).catch(report) })
    const open = h('button', { type: 'button', class: 'row-button', 'aria-label': `Show account ${account.sid}` }, account.sid)
    open.addEventListener('click', () => { void show(account.sid).catch(report) })
    return h('tr', {}, h('td', { class: 'sid' }, open), h('td', {}, account.state), h('td', {}, activationSummary(account)), h('td', {}, reset))
  }

  async function load (after: string | null): Promise<void> {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
    if (after !== null) query.set('after', after)
    const page = await adminJson<AccountPage>('accounts', { query: `?${query.toString()}` })
    if (after === null) body.replaceChildren()
    body.append(...page.accounts.map(rowOf))
    next = page.next
    more.hidden = next === null
    empty.hidden = body.childElementCount > 0
  }

  async function refresh (): Promise<void> {
    await load(null)
  }

  async function show (sid: string): Promise<void> {
    const account = await adminJson<Account>('account', { params: { sid } })
    shown = account.sid
    replaceChildren(detail, h('h3', {}, `Account ${account.sid}`), h('p', {}, `State: ${account.state}`), account.activation === null ? h('p', {}, 'No activation.') : json(account.activation))
  }

  function report (error: unknown): void {
    onMessage(`Failed: ${(error as Error).message}`)
  }

  more.addEventListener('click', () => { void load(next).catch(report) })
  byId('accounts-refresh').addEventListener('click', () => { void refresh().catch(report) })

  seedForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(seedForm)
    const sid = String(data.get('sid') ?? '').trim()
    const state = String(data.get('state') ?? 'fresh')
    if (sid === '') return
    void adminJson<Account>('seedAccount', { params: { sid }, body: { state } })
      .then(async (account) => { onMessage(`Account ${account.sid} is now ${account.state}.`); await refresh() })
      .catch(report)
  })

  resetAll.addEventListener('click', () => {
    confirmBox.hidden = false
    byId('reset-all-yes').focus()
  })
  byId('reset-all-no').addEventListener('click', () => {
    confirmBox.hidden = true
    resetAll.focus()
  })
  byId('reset-all-yes').addEventListener('click', () => {
    confirmBox.hidden = true
    void adminJson('reset')
      .then(async () => { onMessage('Everything was reset: accounts, journal, faults and registered api-keys.'); onResetAll(); shown = undefined; replaceChildren(detail); await refresh() })
      .catch(report)
  })

  return { refresh, show }
}

import { useNamespace, useTokenPrompt } from './api.js'
import { createAccountsView } from './accounts-view.js'
import { byId } from './dom.js'
import { ACCOUNT_LINK } from './entry-detail.js'
import { createFaultsView } from './faults-view.js'
import { createNamespacePicker } from './namespace-picker.js'
import { createReportView } from './report-view.js'
import { createRequestsView } from './requests-view.js'
import { createTryView } from './try-view.js'

const TABS = ['requests', 'accounts', 'faults', 'try'] as const
type Tab = typeof TABS[number]

const status = byId('status')
const message = byId('message')
const say = (text: string): void => { message.textContent = text }

/** The token form: shown on the first 401, hidden once a token is given. */
useTokenPrompt({
  ask (refused) {
    const form = byId<HTMLFormElement>('token-form')
    const input = byId<HTMLInputElement>('token-input')
    byId('token-why').textContent = refused
      ? 'That token was refused. Enter the value of MOCK_ADMIN_TOKEN the mock was started with.'
      : 'This mock was started with MOCK_ADMIN_TOKEN, so its admin API needs that token. Enter it to continue; it is kept for this browser tab only.'
    form.hidden = false
    input.value = ''
    input.focus()
    return new Promise((resolve) => {
      form.addEventListener('submit', function submitted (event) {
        event.preventDefault()
        if (input.value === '') return
        form.removeEventListener('submit', submitted)
        form.hidden = true
        resolve(input.value)
      })
    })
  },
})

const requests = createRequestsView((text) => { status.textContent = text })
const accounts = createAccountsView(say, () => requests.cleared())
const faults = createFaultsView(say)
const report = createReportView(say)
createTryView(() => requests.lastSeq())
let shown: Tab = 'requests'

// Every tab shows the chosen namespace: the journal starts again from its first entry, the open tab reloads.
const picker = createNamespacePicker((name) => {
  useNamespace(name)
  requests.cleared()
  showTab(shown)
}, say)
useNamespace(picker.current())

function showTab (tab: Tab): void {
  // A confirmation belongs to the tab that made it.
  if (tab !== shown) say('')
  shown = tab
  for (const name of TABS) {
    const selected = name === tab
    byId(`tab-${name}`).setAttribute('aria-current', selected ? 'page' : 'false')
    byId(`panel-${name}`).hidden = !selected
  }
  if (tab === 'accounts') void accounts.refresh().catch((error: unknown) => say(`Failed: ${(error as Error).message}`))
  if (tab === 'requests') void report.refresh().catch((error: unknown) => say(`Failed: ${(error as Error).message}`))
  if (tab === 'faults') void faults.refresh().catch((error: unknown) => say(`Failed: ${(error as Error).message}`))
}

for (const tab of TABS) byId(`tab-${tab}`).addEventListener('click', () => showTab(tab))

/** #account=<sid> (the E937 link): the Accounts tab with that account shown. */
function followHash (): void {
  if (!location.hash.startsWith(ACCOUNT_LINK)) return
  let sid: string
  try {
    sid = decodeURIComponent(location.hash.slice(ACCOUNT_LINK.length))
  } catch {
    return
  }
  // Forget the hash, so the same link followed again fires hashchange again.
  history.replaceState(null, '', location.pathname + location.search)
  showTab('accounts')
  void accounts.show(sid).then(() => byId('account-detail').focus()).catch((error: unknown) => say(`Failed: ${(error as Error).message}`))
}
window.addEventListener('hashchange', followHash)

showTab('requests')
followHash()
requests.start()

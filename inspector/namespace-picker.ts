import { NAMESPACE_NAME, NAMESPACE_PREFIX } from '../server/http/admin-route-table.js'
import { adminJson } from './api.js'
import { byId, h, replaceChildren } from './dom.js'

const PARAMETER = 'ns'

/** The namespace prefix the page was opened under (/ns/<name>/__admin/ui): its name and where it ends. */
function namespacePrefix (path: string): { name: string, length: number } | undefined {
  if (!path.startsWith(NAMESPACE_PREFIX)) return undefined
  const end = path.indexOf('/', NAMESPACE_PREFIX.length)
  const name = path.slice(NAMESPACE_PREFIX.length, end)
  return end === -1 || !NAMESPACE_NAME.test(name) ? undefined : { name, length: end }
}

export interface NamespacePicker {
  /** The namespace the page shows: '' for the default one. */
  current (): string
}

/**
 * Chooses the namespace every tab shows (/ns/<name>/…, or the default one when empty). The choice
 * is kept in the page's address (?ns=<name>), so a link or a reload opens the same namespace; the
 * names in use are offered as suggestions, and any valid name can be typed (one a test is about to use).
 */
export function createNamespacePicker (onChange: (name: string) => void, say: (text: string) => void): NamespacePicker {
  const form = byId<HTMLFormElement>('namespace-form')
  const input = byId<HTMLInputElement>('namespace-input')
  const list = byId<HTMLDataListElement>('namespace-list')
  // The page opened under a namespace's prefix (${ns.url}/__admin/ui) shows that namespace; ?ns= wins.
  const prefix = namespacePrefix(location.pathname)
  const fromAddress = new URLSearchParams(location.search).get(PARAMETER) ?? prefix?.name ?? ''
  let current = NAMESPACE_NAME.test(fromAddress) ? fromAddress : ''
  input.value = current

  async function suggest (): Promise<void> {
    const { namespaces } = await adminJson<{ namespaces: string[] }>('namespaces')
    replaceChildren(list, ...namespaces.map((name) => h('option', { value: name })))
  }

  function choose (name: string): void {
    if (name !== '' && !NAMESPACE_NAME.test(name)) {
      say('A namespace name is 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-"; empty is the default namespace.')
      return
    }
    say('')
    if (name === current) return
    current = name
    const address = new URL(location.href)
    // From here on the address says which namespace: /__admin/ui?ns=<name>, whatever the page was opened as.
    if (prefix !== undefined) address.pathname = address.pathname.slice(prefix.length)
    if (name === '') address.searchParams.delete(PARAMETER)
    else address.searchParams.set(PARAMETER, name)
    history.replaceState(null, '', address)
    onChange(name)
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    choose(input.value.trim())
  })
  // Picking a suggestion from the list chooses it at once.
  input.addEventListener('change', () => { choose(input.value.trim()) })
  input.addEventListener('focus', () => { void suggest().catch(() => {}) })
  void suggest().catch(() => {})

  return { current: () => current }
}

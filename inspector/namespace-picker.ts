import { rootJson } from './api.js'
import { byId, h, replaceChildren } from './dom.js'

/** The rule the mock holds names to (server/http/namespace-prefix.ts). */
const NAME = /^[\w.-]{1,64}$/
const PARAMETER = 'ns'
const PREFIX = /^\/ns\/([\w.-]{1,64})\//

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
  const prefix = PREFIX.exec(location.pathname)
  const fromAddress = new URLSearchParams(location.search).get(PARAMETER) ?? prefix?.[1] ?? ''
  let current = NAME.test(fromAddress) ? fromAddress : ''
  input.value = current

  async function suggest (): Promise<void> {
    const { namespaces } = await rootJson<{ namespaces: string[] }>('/__admin/namespaces')
    replaceChildren(list, ...namespaces.map((name) => h('option', { value: name })))
  }

  function choose (name: string): void {
    if (name !== '' && !NAME.test(name)) {
      say('A namespace name is 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-"; empty is the default namespace.')
      return
    }
    say('')
    if (name === current) return
    current = name
    const address = new URL(location.href)
    // From here on the address says which namespace: /__admin/ui?ns=<name>, whatever the page was opened as.
    if (prefix !== null) address.pathname = address.pathname.slice(prefix[0].length - 1)
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

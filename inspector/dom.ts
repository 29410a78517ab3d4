/**
 * Builds elements from text only. Every string the journal holds came from a client, so none
 * of it is ever parsed as HTML: children are nodes or text, attributes are set one by one.
 */
type Child = Node | string | number | null | undefined | false
type Attributes = Record<string, string | boolean | undefined>

export function h<K extends keyof HTMLElementTagNameMap> (tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? '' : value)
  }
  append(element, children)
  return element
}

function append (parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.append(typeof child === 'number' ? String(child) : child)
  }
}

export function replaceChildren (parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

export function byId<T extends HTMLElement = HTMLElement> (id: string): T {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

/** A description list from label/value pairs; values are text. */
export function facts (pairs: Array<[string, Child]>): HTMLDListElement {
  const list = h('dl', { class: 'facts' })
  for (const [label, value] of pairs) list.append(h('dt', {}, label), h('dd', {}, value))
  return list
}

export function json (value: unknown): HTMLPreElement {
  return h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(value, null, 2))
}

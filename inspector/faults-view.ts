import { adminJson, sendJson } from './api.js'
import { byId, h } from './dom.js'
import type { Fault } from './types.js'

export interface FaultsView {
  refresh (): Promise<void>
}

function effect (fault: Fault): string {
  switch (fault.kind) {
    case 'delay': return `answer after ${fault.delayMs ?? 0} ms`
    case 'status': return `answer ${fault.status ?? 500}`
    case 'drop': return 'cut the connection'
  }
}

export function createFaultsView (onMessage: (text: string) => void): FaultsView {
  const body = byId<HTMLTableSectionElement>('faults-body')
  const empty = byId('faults-empty')
  const form = byId<HTMLFormElement>('fault-form')
  const kind = byId<HTMLSelectElement>('fault-kind')

  function report (error: unknown): void {
    onMessage(`Failed: ${(error as Error).message}`)
  }

  function show (faults: Fault[]): void {
    body.replaceChildren(...faults.map((fault) => h('tr', {}, h('td', {}, fault.kind), h('td', { class: 'sid' }, fault.sid ?? 'any'), h('td', {}, effect(fault)), h('td', {}, String(fault.remaining)))))
    empty.hidden = faults.length > 0
  }

  async function refresh (): Promise<void> {
    show((await adminJson<{ faults: Fault[] }>('/__admin/faults')).faults)
  }

  function showKindFields (): void {
    for (const element of form.querySelectorAll<HTMLElement>('[data-kind]')) element.hidden = element.dataset.kind !== kind.value
  }

  kind.addEventListener('change', showKindFields)
  showKindFields()

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    const sid = String(data.get('sid') ?? '').trim()
    const fault: Record<string, unknown> = { kind: kind.value, times: Number(data.get('times') ?? 1) }
    if (sid !== '') fault.sid = sid
    if (kind.value === 'delay') fault.delayMs = Number(data.get('delayMs') ?? 0)
    if (kind.value === 'status') fault.status = Number(data.get('status') ?? 500)
    void adminJson<Fault>('/__admin/faults', sendJson('POST', fault))
      .then(async (added) => { onMessage(`Fault added: the next ${added.remaining} request(s) for ${added.sid ?? 'any SID'} will ${effect(added)}.`); await refresh() })
      .catch(report)
  })

  byId('faults-clear').addEventListener('click', () => {
    void adminJson<{ faults: Fault[] }>('/__admin/faults', sendJson('DELETE'))
      .then((list) => { show(list.faults); onMessage('Every pending fault was cleared.') })
      .catch(report)
  })
  byId('faults-refresh').addEventListener('click', () => { void refresh().catch(report) })

  return { refresh }
}

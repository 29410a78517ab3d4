import { adminJson } from './api.js'
import { byId, h } from './dom.js'
import type { Fault, FaultStep } from './types.js'

export interface FaultsView {
  refresh (): Promise<void>
}

function delayText (step: FaultStep | Fault): string {
  const delay = step.delay
  if (delay === undefined) return `${step.delayMs ?? 0} ms`
  switch (delay.distribution) {
    case 'fixed': return `${delay.ms} ms`
    case 'uniform': return `${delay.min}–${delay.max} ms`
    case 'lognormal': return `about ${delay.median} ms (lognormal, sigma ${delay.sigma})`
  }
}

function effect (step: FaultStep | Fault): string {
  switch (step.kind) {
    case 'delay': return `answer after ${delayText(step)}`
    case 'status': return `answer ${step.status ?? 500}${step.retryAfter === undefined ? '' : ` with Retry-After: ${step.retryAfter}`}`
    case 'drop': return 'cut the connection'
    case 'answer': return step.answer === 'validation' ? `answer ${step.parameter ?? ''}'s validation error` : `answer ${step.answer ?? ''}`
    case 'hang': return 'never answer (until the client gives up)'
    case 'pass': return 'the normal answer'
    case 'sequence': return (step as Fault).steps?.map(effect).join(', then ') ?? ''
  }
}

/** One step of the Steps box: 503, 429:2, pass, drop, hang, E937, delay:500. */
function parseStep (token: string): FaultStep | string {
  const [head, argument] = token.split(':', 2).map((part) => part.trim())
  if (/^\d{3}$/.test(head)) return argument === undefined ? { kind: 'status', status: Number(head) as FaultStep['status'] } : { kind: 'status', status: Number(head) as FaultStep['status'], retryAfter: Number(argument) }
  switch (head.toLowerCase()) {
    case 'pass': case 'drop': case 'hang': return { kind: head.toLowerCase() as FaultStep['kind'] }
    case 'e937': return { kind: 'answer', answer: 'already_submitted' }
    case 'delay': return { kind: 'delay', delayMs: Number(argument ?? 0) }
  }
  return `"${token}" is not a step`
}

export function createFaultsView (onMessage: (text: string) => void): FaultsView {
  const body = byId<HTMLTableSectionElement>('faults-body')
  const empty = byId('faults-empty')
  const form = byId<HTMLFormElement>('fault-form')
  const kind = byId<HTMLSelectElement>('fault-kind')
  const distribution = byId<HTMLSelectElement>('fault-distribution')

  function report (error: unknown): void {
    onMessage(`Failed: ${(error as Error).message}`)
  }

  function show (faults: Fault[]): void {
    body.replaceChildren(...faults.map((fault) => h('tr', {}, h('td', {}, fault.kind), h('td', { class: 'sid' }, fault.sid ?? 'any'), h('td', {}, effect(fault)), h('td', {}, fault.remaining === null ? 'until cleared' : String(fault.remaining)))))
    empty.hidden = faults.length > 0
  }

  async function refresh (): Promise<void> {
    show((await adminJson<{ faults: Fault[] }>('faults')).faults)
  }

  function showKindFields (): void {
    for (const element of form.querySelectorAll<HTMLElement>('[data-kind], [data-not-kind]')) {
      const { kind: only, notKind, distribution: shape } = element.dataset
      element.hidden = (only !== undefined && only !== kind.value) || (notKind !== undefined && notKind === kind.value) || (shape !== undefined && shape !== distribution.value)
    }
  }

  kind.addEventListener('change', showKindFields)
  distribution.addEventListener('change', showKindFields)
  showKindFields()

  function faultOf (data: FormData): Record<string, unknown> | string {
    const number = (name: string): number => Number(data.get(name) ?? 0)
    const sid = String(data.get('sid') ?? '').trim()
    const fault: Record<string, unknown> = { kind: kind.value }
    if (sid !== '') fault.sid = sid
    if (kind.value !== 'sequence') {
      if (data.get('untilCleared') === 'on') fault.untilCleared = true
      else fault.times = number('times')
    }
    switch (kind.value) {
      case 'delay':
        if (distribution.value === 'fixed') fault.delayMs = number('delayMs')
        else if (distribution.value === 'uniform') fault.delay = { distribution: 'uniform', min: number('min'), max: number('max') }
        else fault.delay = { distribution: 'lognormal', median: number('median'), sigma: number('sigma') }
        break
      case 'status': {
        fault.status = number('status')
        const retryAfter = String(data.get('retryAfter') ?? '').trim()
        if (retryAfter !== '') fault.retryAfter = Number(retryAfter)
        break
      }
      case 'answer':
        fault.answer = data.get('answer')
        if (fault.answer === 'validation') fault.parameter = data.get('parameter')
        break
      case 'sequence': {
        const steps = String(data.get('steps') ?? '').split(',').map((token) => token.trim()).filter((token) => token !== '').map(parseStep)
        const wrong = steps.find((step) => typeof step === 'string')
        if (wrong !== undefined) return wrong
        fault.steps = steps
        break
      }
    }
    return fault
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const fault = faultOf(new FormData(form))
    if (typeof fault === 'string') {
      onMessage(`Failed: ${fault}.`)
      return
    }
    void adminJson<Fault>('addFault', { body: fault })
      .then(async (added) => {
        const count = added.remaining === null ? 'every' : `the next ${added.remaining}`
        onMessage(`Fault added: ${count} request(s) for ${added.sid ?? 'any SID'} will ${effect(added)}.`)
        await refresh()
      })
      .catch(report)
  })

  byId('faults-clear').addEventListener('click', () => {
    void adminJson<{ faults: Fault[] }>('clearFaults')
      .then((list) => { show(list.faults); onMessage('Every pending fault was cleared.') })
      .catch(report)
  })
  byId('faults-refresh').addEventListener('click', () => { void refresh().catch(report) })

  return { refresh }
}

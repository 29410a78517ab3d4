import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { trapSignals } from '../../server/cli/signals.js'

function fakeProcess () {
  const emitter = new EventEmitter()
  return { target: emitter as unknown as Pick<NodeJS.Process, 'on'>, send: (signal: NodeJS.Signals) => emitter.emit(signal, signal) }
}

describe('trapping signals during start-up', () => {
  it('replays a signal that came before the server took over', () => {
    const { target, send } = fakeProcess()
    const trap = trapSignals(target)
    send('SIGTERM')
    const seen: string[] = []
    trap.handle((signal) => seen.push(signal))
    expect(seen).toEqual(['SIGTERM'])
  })

  it('routes later signals to the handler, each one', () => {
    const { target, send } = fakeProcess()
    const trap = trapSignals(target)
    const seen: string[] = []
    trap.handle((signal) => seen.push(signal))
    send('SIGINT')
    send('SIGTERM')
    expect(seen).toEqual(['SIGINT', 'SIGTERM'])
  })
})

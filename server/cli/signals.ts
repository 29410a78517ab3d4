type SignalHandler = (signal: NodeJS.Signals) => void

export interface SignalTrap {
  /** Routes SIGINT/SIGTERM to `handler`, first replaying one that came before. */
  handle (handler: SignalHandler): void
}

/**
 * Catches SIGINT and SIGTERM from the moment it is called, so a signal that arrives while
 * the server is still loading is not fatal (exit 143) but acted on once it listens.
 */
export function trapSignals (target: Pick<NodeJS.Process, 'on'> = process): SignalTrap {
  let early: NodeJS.Signals | undefined
  let current: SignalHandler = (signal) => { early ??= signal }
  target.on('SIGINT', (signal) => current(signal))
  target.on('SIGTERM', (signal) => current(signal))
  return {
    handle (handler) {
      current = handler
      if (early !== undefined) handler(early)
    },
  }
}

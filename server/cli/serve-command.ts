import { appFromConfig } from './app-from-config.js'
import { loadConfig } from './config.js'
import { closeWithin } from './graceful-close.js'
import { watchParent } from './parent-watch.js'
import { trapSignals, type SignalTrap } from './signals.js'
import { boundInspectorUrl, inspectorUrl } from '../inspector/inspector-url.js'
import { adminPath } from '../http/admin-route-table.js'

/** The shutdown's reason in the log when npm's shell, not a signal, ended the server's run. */
const PARENT_EXITED = 'parent exited'

/**
 * `kaleyra-mock [serve] [options]`: listens until SIGTERM or SIGINT, then drains within the
 * shutdown timeout. Resolves with the exit code: 0 after a clean close, 1 if connections had
 * to be cut (or a second signal came first). `env` defaults to the process's (config.ts reads it).
 */
export async function runServeCommand (argv: readonly string[], env?: Readonly<Record<string, string | undefined>>, signals: SignalTrap = trapSignals()): Promise<number> {
  const config = loadConfig(env, argv)

  const app = await appFromConfig(config)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  if (address !== null && typeof address === 'object') {
    if (config.inContainer) {
      // The container cannot know the host port it is published on, nor the host's address.
      const url = boundInspectorUrl(address)
      app.log.info({ url, containerPort: address.port }, `inspector: ${url} (port ${address.port} is the container's: open the host port it is published on, e.g. -p 127.0.0.1:8080:${address.port} gives http://127.0.0.1:8080${adminPath('inspector')})`)
    } else {
      app.log.info({ url: inspectorUrl(address) }, `inspector: ${inspectorUrl(address)}`)
    }
  }

  return new Promise((resolve) => {
    let stopping: string | undefined
    const stop = (signal: string): void => {
      if (stopping !== undefined) {
        // Ctrl-C reaches npm's shell too, so its exit may come with the signal: that is not a second one.
        if (stopping === PARENT_EXITED || signal === PARENT_EXITED) return
        // A second signal does not wait any longer.
        app.server.closeAllConnections()
        resolve(1)
        return
      }
      stopping = signal
      stopWatching()
      app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests')
      closeWithin(app, config.shutdownTimeoutMs).then((clean) => {
        if (!clean) app.log.warn('shutdown timeout: open connections were cut')
        resolve(clean ? 0 : 1)
      }, (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        resolve(1)
      })
    }
    // As a signal would: the npm process that started it (npx, npm start) was stopped.
    const stopWatching = config.stopWithParent ? watchParent(() => stop(PARENT_EXITED)) : () => {}
    signals.handle(stop)
  })
}

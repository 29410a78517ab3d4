import { hostname } from 'node:os'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { readAccountsFile } from '../api-keys/accounts-file.js'
import { buildApp } from '../app.js'
import { wantsColor, type Config } from './config.js'
import { createLogDestination } from './log-destination.js'
import { openState } from '../state/open-state.js'

/**
 * Pino options: JSON lines, with every credential the client sends redacted, written a turn of the
 * event loop at a time (log-destination.ts). `pretty` writes them through pino-pretty instead, loaded
 * only then (it stays out of the bundle), so JSON costs nothing more.
 */
async function loggerOptions ({ logLevel, logFormat }: Config): Promise<FastifyServerOptions['logger']> {
  const options = {
    level: logLevel,
    redact: { paths: ['req.headers["api-key"]', 'req.headers.authorization', 'headers["api-key"]', 'headers.authorization'], censor: '[redacted]' },
  }
  if (logFormat === 'json') return { ...options, stream: createLogDestination() }
  const { default: pretty } = await import('pino-pretty')
  // Synchronous, so the lines of a shutdown are written before the process exits.
  return { ...options, stream: pretty({ colorize: wantsColor(process.stdout), sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) }
}

/** The app a configuration describes. */
export async function appFromConfig (config: Config): Promise<FastifyInstance> {
  const logger = await loggerOptions(config)
  const accounts = config.accountsFile === undefined ? undefined : await readAccountsFile(config.accountsFile)
  const now = config.now
  // The state comes first; its outage reports go to the app's log once there is one.
  let report = (reachable: boolean, detail: string): void => { console.error(`kaleyra-mock: Redis ${reachable ? 'reachable' : `unreachable (${detail})`}`) }
  const state = await openState(config.state, { journalCapacity: config.journalSize, onStatus: (reachable, detail) => report(reachable, detail) })
  let app: FastifyInstance
  try {
    app = await buildApp({
      state,
      accounts,
      seed: config.seed,
      now: now === undefined ? undefined : () => now,
      limits: config.limits,
      journalSize: config.journalSize,
      adminToken: config.adminToken,
      // In the image, the names other containers know it by: its service name (no dot) and its hostname.
      allowedHosts: config.inContainer ? [...config.allowedHosts ?? [], hostname()] : config.allowedHosts,
      allowSingleLabelHosts: config.inContainer,
      logger,
    })
  } catch (error) {
    await state.close()
    throw error
  }
  report = (reachable, detail) => {
    if (reachable) app.log.info('state store (Redis) reachable')
    else app.log.error({ detail }, 'state store (Redis) unreachable: requests get 503 until it is back')
  }
  return app
}

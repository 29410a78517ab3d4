import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { readAccountsFile } from './accounts-file.js'
import { buildApp } from './app.js'
import type { Config } from './config.js'

/** Pino options: JSON lines, with every credential the client sends redacted. */
export function loggerOptions (level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers["api-key"]', 'req.headers.authorization', 'headers["api-key"]', 'headers.authorization'], censor: '[redacted]' },
  }
}

/** The app a configuration describes. */
export async function appFromConfig (config: Config, logger: FastifyServerOptions['logger'] = loggerOptions(config.logLevel)): Promise<FastifyInstance> {
  const accounts = config.accountsFile === undefined ? undefined : await readAccountsFile(config.accountsFile)
  const now = config.now
  return buildApp({
    accounts,
    seed: config.seed,
    now: now === undefined ? undefined : () => now,
    limits: config.limits,
    journalSize: config.journalSize,
    adminToken: config.adminToken,
    logger,
  })
}

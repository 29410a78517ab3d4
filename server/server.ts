import { readAccountsFile } from './accounts-file.js'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'

// The only file that listens.
async function main (): Promise<void> {
  const config = loadConfig()
  const accounts = config.accountsFile === undefined ? undefined : await readAccountsFile(config.accountsFile)
  const now = config.now
  const app = await buildApp({
    accounts,
    seed: config.seed,
    now: now === undefined ? undefined : () => now,
    limits: config.limits,
    logger: { level: config.logLevel, redact: ['req.headers["api-key"]'] },
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1))
    })
  }
  await app.listen({ port: config.port, host: config.host })
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`kaleyra-mock: ${error.message}`)
    process.exit(2)
  }
  console.error(error)
  process.exit(1)
})

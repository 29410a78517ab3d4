#!/usr/bin/env node
import { loadConfig } from './config.js'

// The container's HEALTHCHECK, with node alone (the slim image has no curl): exit 0 when
// GET /__admin/health on the configured port answers 200 within two seconds, 1 otherwise.
try {
  const { port } = loadConfig()
  const response = await fetch(`http://127.0.0.1:${port}/__admin/health`, { signal: AbortSignal.timeout(2000) })
  process.exit(response.status === 200 ? 0 : 1)
} catch {
  process.exit(1)
}

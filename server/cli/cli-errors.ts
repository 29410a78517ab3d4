import { ConfigError } from '../platform/settings.js'

/** Prints why the command could not run; returns its exit code (2 for bad configuration). */
export function reportFailure (error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(`kaleyra-mock: ${error.message}`)
    return 2
  }
  const { code, message } = error as NodeJS.ErrnoException
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    console.error(`kaleyra-mock: cannot listen: ${message}`)
    return 1
  }
  console.error(error)
  return 1
}

const INTERVAL_MS = 250

/**
 * Calls `onGone` once this process's parent has exited (the process is handed to init or a
 * subreaper, so its parent PID changes). npm runs a bin through `sh -c`, and stopping npm by its
 * PID (`npx kaleyra-mock serve & … kill $!`) ends npm and that shell but not the server under
 * them; a server npm started watches for that and stops too. The timer keeps nothing alive.
 */
export function watchParent (onGone: () => void): () => void {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    onGone()
  }, INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}

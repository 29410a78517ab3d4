/** The image the Dockerfile's last stage is built on, following stage aliases (`FROM build AS x`). */
export function baseOfDockerfile (dockerfile: string): string {
  const stages = new Map<string, string>()
  let last: string | undefined
  for (const match of dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)) {
    last = match[1]
    if (match[2] !== undefined) stages.set(match[2].toLowerCase(), match[1])
  }
  if (last === undefined) throw new Error('the Dockerfile has no FROM line')
  const seen = new Set<string>()
  while (stages.has(last.toLowerCase()) && !seen.has(last)) {
    seen.add(last)
    last = stages.get(last.toLowerCase()) as string
  }
  return last
}

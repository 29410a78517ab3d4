import { setTimeout as sleep } from 'node:timers/promises'
import { activationForm, API_KEY } from './helpers.js'

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504])

interface Attempt {
  status: number | 'timeout' | 'network'
  at: number
}

/**
 * A client as a team would write one: fetch with its own timeout, retrying 408/429/5xx and
 * network errors with exponential backoff from 50 ms, honouring Retry-After, up to `attempts` tries.
 */
export async function retryingSubmit (url: string, sid: string, options: { timeoutMs?: number, attempts?: number } = {}): Promise<{ response: Response | undefined, attempts: Attempt[] }> {
  const { payload, headers } = activationForm()
  const attempts: Attempt[] = []
  for (let attempt = 0; attempt < (options.attempts ?? 4); attempt++) {
    let response: Response | undefined
    try {
      response = await fetch(`${url}/v1/${sid}/whatsapp/activation`, {
        method: 'POST',
        headers: { ...headers, 'api-key': API_KEY },
        body: new Uint8Array(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      })
    } catch (error) {
      attempts.push({ status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network', at: Date.now() })
    }
    if (response !== undefined) {
      attempts.push({ status: response.status, at: Date.now() })
      if (!RETRYABLE.has(response.status)) return { response, attempts }
      const retryAfter = response.headers.get('retry-after')
      await response.arrayBuffer()
      if (retryAfter !== null) {
        await sleep(Number(retryAfter) * 1000)
        continue
      }
    }
    await sleep(50 * 2 ** attempt)
  }
  return { response: undefined, attempts }
}

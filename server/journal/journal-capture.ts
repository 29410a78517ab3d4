import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CertificateDescription, FaultNote, JournalEntry } from './journal.js'
import { isAdminRequest } from '../http/admin-path.js'
import { namespaceOf, pathAsSent } from '../http/namespace-prefix.js'
import { sha256Hex } from '../platform/sha256.js'
import { UploadedFile } from '../http/multipart/uploaded-file.js'
import { storeWaitOf } from '../platform/store-wait.js'

/** Bounds on what one entry keeps, so a journal of big bodies stays small. */
const MAX_FIELDS = 20
const MAX_TEXT = 512
const MAX_PATH = 2048

function clip (text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
}

function describeFile (file: UploadedFile): CertificateDescription {
  return { filename: clip(file.filename), declaredType: clip(file.declaredType), sniffedType: file.sniffedType ?? null, size: file.size, sha256: file.sha256 }
}

/** Levels of nesting a described value shows; a deeper array or object is written as […] or {…}. */
const MAX_DEPTH = 16

/**
 * An array or object as JSON text cut at MAX_TEXT characters, written piece by piece and
 * stopped as soon as that much is written: neither the body's size nor its nesting (JSON.parse
 * takes 100,000 levels; JSON.stringify overflows the stack at a few thousand) costs more than
 * the budget, and the recursion is at most MAX_DEPTH deep.
 */
function describeStructure (value: object): string {
  const pieces: string[] = []
  let length = 0
  const write = (text: string): boolean => {
    pieces.push(text)
    length += text.length
    return length <= MAX_TEXT
  }
  const walk = (node: unknown, depth: number): boolean => {
    if (typeof node === 'string') return write(JSON.stringify(node.length > MAX_TEXT ? node.slice(0, MAX_TEXT) : node))
    if (node === null || typeof node !== 'object') return write(String(node))
    const isArray = Array.isArray(node)
    if (depth >= MAX_DEPTH) return write(isArray ? '[…]' : '{…}')
    if (!write(isArray ? '[' : '{')) return false
    let first = true
    if (isArray) {
      for (const item of node) {
        if ((!first && !write(',')) || !walk(item, depth + 1)) return false
        first = false
      }
    } else {
      for (const key in node) {
        if ((!first && !write(',')) || !write(`${JSON.stringify(key.length > MAX_TEXT ? key.slice(0, MAX_TEXT) : key)}:`)) return false
        if (!walk((node as Record<string, unknown>)[key], depth + 1)) return false
        first = false
      }
    }
    return write(isArray ? ']' : '}')
  }
  const whole = walk(value, 0)
  const text = pieces.join('')
  return whole ? text : `${text.slice(0, MAX_TEXT)}… (cut at ${MAX_TEXT} characters)`
}

function describeValue (value: unknown): unknown {
  if (value instanceof UploadedFile) return describeFile(value)
  if (typeof value === 'string') return clip(value)
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value
  return typeof value === 'object' ? describeStructure(value) : String(value)
}

/**
 * Whether a body can stand as its own description: a plain object (JSON.parse's) of at most
 * MAX_FIELDS fields with short names and short text, numbers, booleans or nulls, which
 * describeFields would copy value for value. Most bodies are: the entry then keeps the body
 * itself (nothing mutates a body once parsed) instead of a copy made for every request.
 */
function isOwnDescription (body: object): boolean {
  if (Object.getPrototypeOf(body) !== Object.prototype) return false
  let count = 0
  for (const name in body) {
    if (++count > MAX_FIELDS || name.length > 128) return false
    const value = (body as Record<string, unknown>)[name]
    if (typeof value === 'string' ? value.length > MAX_TEXT : value !== null && typeof value !== 'number' && typeof value !== 'boolean') return false
  }
  return true
}

/**
 * A plain object, not a null-prototype one: those start in V8's slow dictionary mode, and
 * this runs for every request. A field named __proto__ is defined, not assigned, so it stays
 * an own field and never becomes the object's prototype.
 */
function describeFields (body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object') return {}
  if (isOwnDescription(body)) return body as Record<string, unknown>
  const fields: Record<string, unknown> = {}
  const names = Object.keys(body)
  const count = Math.min(names.length, MAX_FIELDS)
  for (let i = 0; i < count; i++) {
    const name = clip(names[i], 128)
    const value = describeValue((body as Record<string, unknown>)[names[i]])
    if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true })
    else fields[name] = value
  }
  return fields
}

/** Headers the journal never keeps: credentials (the api-key is described by its hash instead). */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['api-key', 'authorization', 'proxy-authorization', 'cookie'])
const MAX_HEADERS = 32

/** The request headers the client chose, clipped, credentials left out; a repeated one joined by ", " as Node does. */
function describeHeaders (headers: FastifyRequest['headers']): Record<string, string> {
  const kept: Record<string, string> = {}
  let count = 0
  for (const name in headers) {
    // __proto__ would set the object's prototype rather than a field; no real header is named so.
    if (SECRET_HEADERS.has(name) || name === '__proto__') continue
    const value = headers[name]
    if (value === undefined) continue
    kept[clip(name, 128)] = clip(Array.isArray(value) ? value.join(', ') : value)
    if (++count >= MAX_HEADERS) break
  }
  return kept
}

type HeadersDescriber = (headers: FastifyRequest['headers']) => Record<string, string>

/**
 * describeHeaders with a memo of the last request's headers: a client sends the same headers
 * request after request, and their entries then share one frozen description. The headers are
 * compared name by name and value by value, in order; an array value (a repeated header) never
 * matches, so it is described again.
 */
function createHeadersDescriber (): HeadersDescriber {
  let names: string[] = []
  let values: unknown[] = []
  let description: Record<string, string> | undefined
  return (headers) => {
    if (description !== undefined) {
      let i = 0
      for (const name in headers) {
        if (i === names.length || names[i] !== name || values[i] !== headers[name]) {
          i = -1
          break
        }
        i++
      }
      if (i === names.length) return description
    }
    names = []
    values = []
    for (const name in headers) {
      names.push(name)
      values.push(headers[name])
    }
    description = Object.freeze(describeHeaders(headers))
    return description
  }
}

type ApiKeyDescription = JournalEntry['apiKey']

/** An api-key's description: whether one was sent, and 12 hex characters of its hash to tell keys apart, never the key. */
type KeyDescriber = (header: string | string[] | undefined) => ApiKeyDescription

const NO_KEY: ApiKeyDescription = Object.freeze({ sent: false, hash: null })

/**
 * A key describer with a memo of the last keys seen: a client sends one key many times, and each
 * of its entries shares one frozen description. One per app (the capture plugin makes it),
 * emptied when full.
 */
function createKeyDescriber (): KeyDescriber {
  const MEMO_SIZE = 64
  const descriptions = new Map<string, ApiKeyDescription>()
  return (header) => {
    const key = Array.isArray(header) ? header[0] : header
    if (key === undefined) return NO_KEY
    let description = descriptions.get(key)
    if (description === undefined) {
      description = Object.freeze({ sent: true, hash: sha256Hex(key).slice(0, 12) })
      // Keys are bounded only by the header limit; long ones are hashed each time.
      if (key.length <= 256) {
        if (descriptions.size >= MEMO_SIZE) descriptions.clear()
        descriptions.set(key, description)
      }
    }
    return description
  }
}

/** ISO 8601 time of a millisecond count; requests finishing within one millisecond share the text. */
type IsoTime = (ms: number) => string

function createIsoTime (): IsoTime {
  let lastMs = Number.NaN
  let lastText = ''
  return (ms) => {
    const whole = Math.floor(ms)
    if (whole !== lastMs) {
      lastText = new Date(whole).toISOString()
      lastMs = whole
    }
    return lastText
  }
}

/** What an app's entries share from one request to the next (one set per app). */
interface Describers {
  describeApiKey: KeyDescriber
  headersOf: HeadersDescriber
  isoTime: IsoTime
}

/** The journal's view of a finished request; `status` 0 means no response was sent. */
function journalEntryOf (request: FastifyRequest, status: number, elapsedMs: number, { describeApiKey, headersOf, isoTime }: Describers): Omit<JournalEntry, 'seq'> {
  const body = request.body
  const certificate = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).business_certificate : undefined
  const sid = (request.params as { sid?: unknown } | undefined)?.sid
  // As sent: body-parsers.ts may hide a Content-Type that is no media type from Fastify's own check.
  const contentType = request.raw.headers['content-type']
  const entry: Omit<JournalEntry, 'seq'> = {
    time: isoTime(Date.now() - elapsedMs),
    method: request.method,
    // As sent: under /ns/{name} the prefix is part of what the client called.
    path: clip(pathAsSent(request), MAX_PATH),
    sid: typeof sid === 'string' ? sid : null,
    contentType: contentType === undefined ? null : clip(contentType),
    headers: headersOf(request.headers),
    apiKey: describeApiKey(request.headers['api-key']),
    fields: describeFields(body),
    certificate: certificate instanceof UploadedFile ? describeFile(certificate) : null,
    status,
    durationMs: Math.round(elapsedMs * 10) / 10,
    code: request.outcome?.code ?? null,
    rule: request.outcome?.rule ?? null,
    parameter: request.outcome?.parameter ?? null,
  }
  // Only on requests a fault acted on, so every other entry stays as it was.
  if (request.faultNote) entry.fault = request.faultNote
  if (request.unnamedFiles) entry.unnamedFiles = request.unnamedFiles
  return entry
}

/** Told of every request the journal is given, recorded or not (the metrics count them). */
interface RecordingObserver {
  /** Called before the journal's write, with what the entry says. */
  recording (request: FastifyRequest, status: number, elapsedMs: number): void
  /** The journal's write failed. */
  unrecorded (request: FastifyRequest): void
}

const NO_OBSERVER: RecordingObserver = { recording () {}, unrecorded () {} }

function warnUnrecorded (request: FastifyRequest, error: unknown, observer: RecordingObserver): void {
  observer.unrecorded(request)
  request.log.warn({ err: error }, 'the request journal could not record a request')
}

/**
 * Records a finished request in the app's journal, never failing it: a journal that cannot write
 * is logged, not fatal. Returns a promise only when the journal's write is I/O.
 */
type RequestRecorder = (request: FastifyRequest, status: number, elapsedMs: number) => Promise<void> | undefined

declare module 'fastify' {
  interface FastifyRequest {
    /** What an injected fault did to the request (the fault injector notes it), or null. */
    faultNote: FaultNote | null
  }
  interface FastifyInstance {
    /** Set by journal-capture.ts; the fault injector uses it for a dropped connection, which sends nothing. */
    recordRequest: RequestRecorder
  }
}

/**
 * The request's namespace's journal. Requests the router refused (a broken escape) reach
 * error-handler.ts as bare Fastify requests, without the app's decorations: their namespace is
 * found from the URL here.
 */
function journalOf (app: FastifyInstance, request: FastifyRequest): FastifyRequest['ns']['journal'] {
  const decorated = (request as Partial<Pick<FastifyRequest, 'ns'>>).ns
  if (decorated !== undefined) return decorated.journal
  const name = namespaceOf(request)
  return name === undefined ? app.state.journal : app.state.namespace(name).journal
}

function createRequestRecorder (app: FastifyInstance, observer: RecordingObserver): RequestRecorder {
  const describers: Describers = { describeApiKey: createKeyDescriber(), headersOf: createHeadersDescriber(), isoTime: createIsoTime() }
  return (request, status, elapsedMs) => {
    try {
      observer.recording(request, status, elapsedMs)
      // Within the request's one wait on the store: a request that already met a frozen store is not held up again.
      const writing = journalOf(app, request).record(journalEntryOf(request, status, elapsedMs, describers), storeWaitOf(request))
      return writing === undefined ? undefined : writing.catch((error: unknown) => { warnUnrecorded(request, error, observer) })
    } catch (error) {
      warnUnrecorded(request, error, observer)
      return undefined
    }
  }
}

/**
 * Journals every request outside /__admin just before its response goes out, so a client
 * that reads the journal right after its response always finds its request there, even
 * when the journal lives in Redis.
 */
async function journalCapture (app: FastifyInstance, options: { observer?: RecordingObserver }): Promise<void> {
  const recordRequest = createRequestRecorder(app, options.observer ?? NO_OBSERVER)
  app.decorate('recordRequest', recordRequest)
  app.decorateRequest('faultNote', null)
  // Routing errors (a broken escape in the path) run no hook; error-handler.ts calls this instead.
  // Their reply never started its clock, so the time taken is 0.
  app.decorate('recordUnhooked', (request: FastifyRequest, reply: FastifyReply) => {
    if (isAdminRequest(request)) return undefined
    const elapsed = reply.elapsedTime
    return recordRequest(request, reply.statusCode, Number.isFinite(elapsed) ? elapsed : 0)
  })
  // Callback style: an in-memory journal records at once, so the usual request pays no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isAdminRequest(request)) {
      done(null, payload)
      return
    }
    const writing = recordRequest(request, reply.statusCode, reply.elapsedTime)
    if (writing === undefined) done(null, payload)
    else void writing.then(() => { done(null, payload) })
  })
}

export default fp(journalCapture, { name: 'journal-capture' })

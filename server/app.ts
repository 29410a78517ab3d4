import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { createActivationFactory } from './activation/activation-factory.js'
import { ACTIVATION_PATH, activationRoute } from './activation/activation-route.js'
import { adminRoutes } from './admin/admin-routes.js'
import apiDocs from './admin/api-docs.js'
import { createAuthenticator, type AccountCredentials, type Authenticator } from './api-keys/authenticator.js'
import bodyParsers from './http/body-parsers.js'
import { clientErrorHandler } from './http/client-error.js'
import errorHandler, { frameworkErrorHandler } from './http/error-handler.js'
import { BOOT_OPTIONS } from './admin/boot-options.js'
import faultInjector from './faults/fault-injector.js'
import journalCapture from './journal/journal-capture.js'
import metricsHooks, { tallyingObserver } from './metrics/metrics-hooks.js'
import { createRequestTally } from './metrics/request-tally.js'
import lifecycle from './http/lifecycle.js'
import nodeAnswers from './http/node-answers.js'
import requestLog from './http/request-log.js'
import { lazyRequestLogger } from './http/lazy-request-logger.js'
import { DEFAULT_LIMITS, MAX_SID_LENGTH, type Limits } from './http/limits.js'
import { createMemoryState, type MockState, type NamespaceState } from './state/mock-state.js'
import { namespaceOf, rewriteNamespaceUrl } from './http/namespace-prefix.js'
import storeWait from './platform/store-wait.js'

export { DEFAULT_LIMITS, type Limits } from './http/limits.js'

export interface AppOptions {
  /** Accounts, journal and faults; fresh in-memory ones when absent. */
  state?: MockState
  /** Entries the in-memory journal keeps (MOCK_JOURNAL_SIZE); ignored when `state` is given. */
  journalSize?: number
  /** When set, the admin API but health needs `Authorization: Bearer <token>` (MOCK_ADMIN_TOKEN). */
  adminToken?: string
  /**
   * Host names the admin API answers for besides IP addresses and localhost (MOCK_ALLOWED_HOSTS);
   * `*` answers any.
   */
  allowedHosts?: readonly string[]
  /** Names without a dot (a compose service name, the container's hostname) are allowed too: set in the project's image. */
  allowSingleLabelHosts?: boolean
  /** The built inspector page served at /__admin/ui; dist/inspector when absent. */
  inspectorAssets?: string
  /** Accepted sid/api-key pairs; any non-empty api-key when absent. */
  accounts?: readonly AccountCredentials[]
  /** Seed for generated values (MOCK_SEED). */
  seed?: string
  /** Clock in milliseconds (MOCK_NOW fixes it). */
  now?: () => number
  limits?: Partial<Limits>
  logger?: FastifyServerOptions['logger']
}

declare module 'fastify' {
  interface FastifyInstance {
    state: MockState
    /** Who may call the endpoint; provider states register keys here at run time. */
    authenticator: Authenticator
  }
  interface FastifyRequest {
    /** The state of the request's namespace: the root's outside /ns/{name}. */
    readonly ns: NamespaceState
  }
}

/**
 * Builds a ready-to-inject mock; it never listens (server/cli/serve-command.ts does).
 * @example const app = await buildApp({ seed: 'test' }); await app.inject({ method: 'GET', url: '/__admin/health' })
 */
export async function buildApp (options: AppOptions = {}): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const state = options.state ?? createMemoryState({ journalCapacity: options.journalSize })
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes,
    // request-log.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A request's pino child is made only if something logs through request.log.
    childLoggerFactory: lazyRequestLogger,
    // lifecycle.ts answers during shutdown, in the envelope style.
    return503OnClosing: false,
    requestTimeout: limits.requestTimeoutMs,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // /ns/{name}/… is the whole mock again: the prefix comes off here, once, before routing.
    rewriteUrl: rewriteNamespaceUrl,
    // Laravel's router takes a path segment of any length: the router's bound is the header limit.
    routerOptions: { maxParamLength: MAX_SID_LENGTH },
    ...BOOT_OPTIONS,
    http: {
      maxHeaderSize: limits.requestHeaderBytes,
      // node-answers.ts refuses a missing Host in the envelope; Node's own check sends a bare 400.
      requireHostHeader: false,
      headersTimeout: limits.requestTimeoutMs,
      // Node checks for expired requests on this interval; its 30 s default would overshoot short timeouts.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.requestTimeoutMs / 4))),
    },
  })
  app.decorate('state', state)
  // A getter on the request's prototype: nothing is set up per request, and the default namespace is a property read.
  app.decorateRequest('ns', {
    getter (this: FastifyRequest): NamespaceState {
      const name = namespaceOf(this)
      return name === undefined ? state : state.namespace(name)
    },
  })
  // The state was opened before the app; from now on its trouble (a failed state-file write) goes to the app's log.
  state.useLog?.(app.log)
  app.decorate('authenticator', createAuthenticator(options.accounts, state.keys))
  app.addHook('onClose', async () => { await state.close() })

  await app.register(storeWait)
  await app.register(errorHandler, { bodyLimit: limits.bodyBytes })
  await app.register(bodyParsers, {
    multipart: { fileBytes: limits.certificateBytes, parts: limits.parts, fieldBytes: limits.fieldBytes, headerBytes: limits.headerBytes },
    phpRoutes: [ACTIVATION_PATH],
  })
  await app.register(nodeAnswers)
  await app.register(lifecycle)
  await app.register(apiDocs)
  // Counts what the journal is given, in plain numbers; prom-client loads only when /__admin/metrics is read.
  app.decorate('metrics', createRequestTally())
  await app.register(metricsHooks, { hasLogger: Boolean(options.logger) })
  await app.register(journalCapture, { observer: tallyingObserver(app.metrics) })
  if (options.logger) await app.register(requestLog)
  await app.register(faultInjector, { routes: [ACTIVATION_PATH], hangLimitMs: limits.requestTimeoutMs })
  await app.register(adminRoutes, {
    token: options.adminToken,
    inspectorAssets: options.inspectorAssets,
    allowedHosts: options.allowedHosts,
    allowSingleLabel: options.allowSingleLabelHosts,
  })
  await app.register(activationRoute, {
    factory: createActivationFactory({ seed: options.seed, now: options.now }),
    authenticator: app.authenticator,
  })
  return app
}

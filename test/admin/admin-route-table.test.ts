import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { ADMIN_ROUTES, adminPath, routePath, type AdminRoute, type AdminRouteName } from '../../server/http/admin-route-table.js'
import { ACTIVATION_PATH } from '../../server/activation/activation-route.js'
import { buildTestApp } from '../support/helpers.js'

const TABLE = Object.entries(ADMIN_ROUTES) as Array<[AdminRouteName, AdminRoute]>

/** A value for each parameter a template names: ones the routes accept, so a handler's own 404 is rare. */
const PARAMS: Record<string, string> = { sid: 'HXTABLE1', name: 'certificate.png' }

function paramsOf (route: AdminRoute): Record<string, string> {
  return Object.fromEntries([...route.path.matchAll(/:(\w+)/g)].map(([, name]) => [name!, PARAMS[name!]!]))
}

/** The URL of any route of the table, as adminPath builds it (adminPath checks the parameters' names in its type). */
const pathOf = (name: AdminRouteName, params?: Record<string, string>, namespace?: string): string => routePath(ADMIN_ROUTES[name], params, namespace)

/** Every METHOD and template the router holds, from Fastify's route tree (HEAD twins of GET routes left out). */
function registeredRoutes (app: FastifyInstance): string[] {
  const stack: string[] = []
  const routes: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (node === null) continue
    stack.length = node[1]!.length / 4
    stack.push(node[2]!)
    for (const method of node[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${stack.join('')}`)
  }
  return routes.sort()
}

/** Records which route (method and template) each injected request was routed to; undefined when none. */
function recordRouting (app: FastifyInstance): Array<string | undefined> {
  const routed: Array<string | undefined> = []
  app.addHook('onRequest', async (request) => {
    routed.push(request.routeOptions.url === undefined ? undefined : `${request.routeOptions.method as string} ${request.routeOptions.url}`)
  })
  return routed
}

describe('the admin route table', () => {
  it('holds every admin route the app registers, and the app registers every route it holds', async () => {
    const app = await buildTestApp()
    const expected = TABLE.flatMap(([, route]) => [`${route.method} ${route.path}`, ...route.trailingSlash === true ? [`${route.method} ${route.path}/`] : []])
    expect(registeredRoutes(app)).toEqual([...expected, `POST ${ACTIVATION_PATH}`].sort())
  })

  it('builds URLs that reach their route, in the default namespace and under /ns/{name}, but the namespace list only outside', async () => {
    const app = await buildTestApp()
    const routed = recordRouting(app)
    for (const [name, route] of TABLE) {
      for (const namespace of [undefined, 'table-test']) {
        const url = pathOf(name, paramsOf(route), namespace)
        routed.length = 0
        const response = await app.inject({ method: route.method, url })
        if (namespace !== undefined && route.rootOnly === true) {
          expect(response.statusCode, url).toBe(404)
          expect(response.json().error.message, url).toBe(`No route matches GET ${url}.`)
        } else {
          expect(routed, `${route.method} ${url}`).toEqual([`${route.method} ${route.path}`])
        }
      }
    }
    expect(TABLE.filter(([, route]) => route.rootOnly === true).map(([name]) => name)).toEqual(['namespaces'])
  })

  it('marks public exactly the routes that answer without the token when one is configured', async () => {
    const app = await buildTestApp({ adminToken: 'table-token' })
    const open: AdminRouteName[] = []
    for (const [name, route] of TABLE) {
      const response = await app.inject({ method: route.method, url: pathOf(name, paramsOf(route)) })
      if (response.statusCode !== 401) open.push(name)
    }
    expect(open).toEqual(TABLE.filter(([, route]) => route.public === true).map(([name]) => name))
    expect(open).toEqual(['health', 'fixtures', 'fixture', 'inspector', 'inspectorAsset'])
  })

  it('gives the OpenAPI document its operations and their summaries, and hides exactly the hidden routes', async () => {
    const app = await buildTestApp()
    const doc = (await app.inject({ method: 'GET', url: adminPath('openapi') })).json() as { paths: Record<string, Record<string, { summary?: string }>> }
    const documented = new Map(Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation.summary] as const)))
    documented.delete(`POST ${ACTIVATION_PATH}`)
    const shown = TABLE.filter(([, route]) => route.hidden !== true)
    expect([...documented.keys()].sort()).toEqual(shown.map(([, route]) => `${route.method} ${route.path}`).sort())
    const unsummarised = shown.filter(([, route]) => documented.get(`${route.method} ${route.path}`) === undefined).map(([name]) => name)
    // The state-change endpoint takes whatever a Pact verifier sends, so it has no schema, not even a summary.
    expect(unsummarised).toEqual(['providerStates'])
    for (const [, route] of shown.filter(([name]) => !unsummarised.includes(name))) expect(documented.get(`${route.method} ${route.path}`)).toBe(route.summary)
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADMIN_ROUTE_GROUPS, ADMIN_ROUTES, adminRouteGroup, type AdminRoute } from '../../server/http/admin-route-table.js'

const ROOT = join(import.meta.dirname, '..', '..')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const README = read('README.md')

/** The files under a folder of the repository whose names end so, as paths from its root. */
function filesIn (folder: string, ending: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith(ending)).map((name) => `${folder}/${name}`)
}

/** Every "METHOD /__admin/…" a text names ("`GET`, `PUT /__admin/snapshot`" names two), a namespace's prefix left off. */
function namedRoutes (text: string): string[] {
  const named: string[] = []
  for (const [, methods, path] of text.matchAll(/((?:\b(?:GET|POST|PUT|DELETE)`?,? `?)+)(?:\/ns\/[^/\s`]+)?(\/__admin(?:\/[\w.:<>{}-]*)*)/g)) {
    for (const method of methods!.match(/GET|POST|PUT|DELETE/g)!) named.push(`${method} ${path!.replace(/[.:]+$/, '')}`)
  }
  return named
}

/** The route a "METHOD path" names: a parameter of the template may be written :sid, {sid}, <sid> or as a value. */
function routeNamed (named: string): AdminRoute | undefined {
  const [method, path] = named.split(' ')
  return Object.values(ADMIN_ROUTES).find((route: AdminRoute) => route.method === method &&
    new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}$`).test(path!))
}

/** The README's Admin API table: the first cell of each row. */
function readmeRows (): string[] {
  const start = README.indexOf('\n## Admin API')
  const section = README.slice(start, README.indexOf('\n## ', start + 1))
  return section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(' | ')[0]!)
}

describe('the admin routes the documentation names', () => {
  it('are all in the route table: the README, the docs, the inspector page and the server\'s texts name no route the mock does not have', () => {
    const texts = ['README.md', 'CONTRIBUTING.md', 'inspector/shell.html', ...filesIn('docs', '.md'), ...filesIn('server', '.ts'), ...filesIn('inspector', '.ts')]
    const named = texts.flatMap((path) => namedRoutes(read(path)).map((route) => [path, route] as const))
    expect(named.length).toBeGreaterThan(40)
    expect(named.filter(([, route]) => routeNamed(route) === undefined)).toEqual([])
  })

  it('include, in the README\'s Admin API table, a row for every group of the route table', () => {
    const rows = readmeRows().map((cell) => namedRoutes(cell).map(routeNamed))
    expect(rows.every((routes) => routes.length > 0 && routes.every((route) => route !== undefined)), readmeRows().join('\n')).toBe(true)
    const groups = new Set(rows.flat().map((route) => adminRouteGroup(route!)))
    expect([...groups].sort()).toEqual(Object.keys(ADMIN_ROUTE_GROUPS).sort())
  })
})

import { describe, expect, it } from 'vitest'
import { ADMIN_PREFIX, ADMIN_ROUTE_GROUPS, ADMIN_ROUTES, adminPath, adminRouteGroup, namespaceBase } from '../../server/http/admin-route-table.js'

describe('admin URLs built from the route table', () => {
  it('fill a template\'s parameters, each encoded as one path segment', () => {
    expect(adminPath('health')).toBe('/__admin/health')
    expect(adminPath('seedAccount', { sid: 'HX1' })).toBe('/__admin/accounts/HX1')
    expect(adminPath('account', { sid: 'a/b c?' })).toBe('/__admin/accounts/a%2Fb%20c%3F')
    expect(adminPath('fixture', { name: 'certificate.png' })).toBe('/__admin/fixtures/certificate.png')
  })

  it('start with the namespace\'s prefix when one is given', () => {
    expect(adminPath('reset', undefined, 'team-a')).toBe('/ns/team-a/__admin/reset')
    expect(adminPath('resetAccount', { sid: 'HX1' }, 'run.1_x')).toBe('/ns/run.1_x/__admin/accounts/HX1')
    expect(namespaceBase(undefined)).toBe('')
    expect(namespaceBase('a b')).toBe('/ns/a%20b')
  })

  it('refuse a missing parameter, and (in their types) a namespace for the namespace list', () => {
    // @ts-expect-error: the account's URL needs its sid
    expect(() => adminPath('account')).toThrow(new TypeError('/__admin/accounts/:sid needs its sid'))
    // @ts-expect-error: only the default namespace lists the namespaces
    expect(adminPath('namespaces', undefined, 'team-a')).toBe('/ns/team-a/__admin/namespaces')
    expect(adminPath('namespaces')).toBe('/__admin/namespaces')
  })

  it('every route lies under /__admin, and no two share a method and a template', () => {
    const routes = Object.values(ADMIN_ROUTES)
    for (const route of routes) expect(route.path.startsWith(`${ADMIN_PREFIX}/`), route.path).toBe(true)
    expect(new Set(routes.map((route) => `${route.method} ${route.path}`)).size).toBe(routes.length)
  })

  it('every route belongs to a group --help lists, and every group has a route its label names', () => {
    const routes = Object.values(ADMIN_ROUTES)
    expect(new Set(routes.map(adminRouteGroup))).toEqual(new Set(Object.keys(ADMIN_ROUTE_GROUPS)))
    for (const [group, { label = group }] of Object.entries(ADMIN_ROUTE_GROUPS)) {
      expect(routes.map((route) => route.path), label).toContain(`${ADMIN_PREFIX}/${label}`)
    }
  })
})

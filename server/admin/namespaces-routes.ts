import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ApiError } from '../http/errors.js'
import { namespaceOf, pathAsSent } from '../http/namespace-prefix.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { storeWaitOf } from '../platform/store-wait.js'
import { ADMIN_ROUTES } from '../http/admin-route-table.js'

const NamespaceListSchema = Type.Object({
  namespaces: Type.Array(Type.String(), { description: 'Names of the namespaces in use, sorted; the default namespace (no /ns/ prefix) is not listed.' }),
})

/** GET /__admin/namespaces: the namespaces in use, on every replica. Outside any namespace only. */
export async function namespacesRoute (app: FastifyInstance): Promise<void> {
  app.get(ADMIN_ROUTES.namespaces.path, {
    schema: { tags: ['admin'], summary: ADMIN_ROUTES.namespaces.summary, response: { 200: NamespaceListSchema, 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema } },
  }, async (request) => {
    // A namespace sees only itself: the list of the others is the default namespace's admin API.
    if (namespaceOf(request) !== undefined) throw new ApiError('ROUTE_NOT_FOUND', `${request.method} ${pathAsSent(request)}`)
    return { namespaces: await app.state.namespaces(storeWaitOf(request)) }
  })
}

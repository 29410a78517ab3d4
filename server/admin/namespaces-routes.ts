import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ApiError } from '../http/errors.js'
import { namespaceOf, pathAsSent } from '../http/namespace-prefix.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'
import { storeWaitOf } from '../platform/store-wait.js'

const NamespaceListSchema = Type.Object({
  namespaces: Type.Array(Type.String(), { description: 'Names of the namespaces in use, sorted; the default namespace (no /ns/ prefix) is not listed.' }),
})

/** GET /__admin/namespaces: the namespaces in use, on every replica. Outside any namespace only. */
export async function namespacesRoute (app: FastifyInstance): Promise<void> {
  app.get('/__admin/namespaces', {
    schema: { tags: ['admin'], summary: 'The namespaces in use (/ns/{name}/…), sorted', response: { 200: NamespaceListSchema, 400: ErrorEnvelopeSchema, 401: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema } },
  }, async (request) => {
    // A namespace sees only itself: the list of the others is the default namespace's admin API.
    if (namespaceOf(request) !== undefined) throw new ApiError('ROUTE_NOT_FOUND', `${request.method} ${pathAsSent(request)}`)
    return { namespaces: await app.state.namespaces(storeWaitOf(request)) }
  })
}

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { createRedisState } from '../../server/state/redis-state.js'
import { describeStateBackend } from '../support/state-contract.js'
import { startRedisServer, type RedisServer } from '../support/redis-server.js'

let redis: RedisServer
beforeAll(async () => { redis = await startRedisServer() })
afterAll(async () => { await redis.stop() })

// A fresh prefix per state: each test sees an empty mock on the shared server.
describeStateBackend('redis', (options) => createRedisState({ url: redis.url, prefix: `test-${randomUUID()}:`, timeoutMs: 10_000, ...options }))

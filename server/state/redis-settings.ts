/*
 * The Redis backend's defaults and bounds, apart from it so that reading the configuration does
 * not load ioredis; the CLI's settings table (cli/config-options.ts) reads them here.
 */
import { wholeNumber } from '../platform/settings.js'

export const DEFAULT_REDIS_PREFIX = 'kaleyra-mock:'
export const DEFAULT_REDIS_TIMEOUT_MS = 1000
export const parseRedisTimeout = wholeNumber(10, 60_000)

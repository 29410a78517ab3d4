/*
 * The request limits and their defaults, on their own so that reading the configuration
 * (the container's healthcheck does) does not load the app and Fastify with them. The settable
 * ones take their defaults from the settings table (cli/config-options.ts).
 */
import { CONFIG_DEFAULTS } from '../cli/config-options.js'

export interface Limits {
  /** Whole request body, bytes (413 past it). */
  bodyBytes: number
  /** One uploaded file, bytes (E413 "failed to upload" past it). */
  certificateBytes: number
  /** Parts in one multipart body. */
  parts: number
  /** One text field, bytes. */
  fieldBytes: number
  /** One multipart part's headers, bytes. */
  headerBytes: number
  /** All of a request's HTTP headers, bytes (431 past it). */
  requestHeaderBytes: number
  /** Time to receive a whole request, headers and body; past it 408 and the connection is closed. */
  requestTimeoutMs: number
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: CONFIG_DEFAULTS.maxBodyBytes,
  certificateBytes: CONFIG_DEFAULTS.maxCertificateBytes,
  parts: 50,
  fieldBytes: 64 * 1024,
  headerBytes: 16 * 1024,
  requestHeaderBytes: 16 * 1024,
  requestTimeoutMs: CONFIG_DEFAULTS.requestTimeoutMs,
}

/**
 * The longest path segment the router takes (Fastify's maxParamLength, set from this), so the
 * longest SID in a path; a longer one is answered 400 E400. Schemas that take a SID elsewhere
 * (a fault's) use the same bound.
 */
export const MAX_SID_LENGTH = 100

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
  // PHP's max_multipart_body_parts default: max_input_vars (1000) + max_file_uploads (20).
  parts: 1020,
  fieldBytes: 64 * 1024,
  headerBytes: 16 * 1024,
  requestHeaderBytes: 16 * 1024,
  requestTimeoutMs: CONFIG_DEFAULTS.requestTimeoutMs,
}

/**
 * The longest path segment the router takes (Fastify's maxParamLength, set from this), so the
 * longest SID in a path. Laravel's router takes a segment of any length, so this is the header
 * limit: a longer request line is refused as too large (431) before routing. Schemas that take a
 * SID elsewhere (a fault's) use the same bound.
 */
export const MAX_SID_LENGTH = DEFAULT_LIMITS.requestHeaderBytes

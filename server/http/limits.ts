/*
 * The request limits and their defaults, on their own so that reading the configuration
 * (the container's healthcheck does) does not load the app and Fastify with them.
 */

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
  bodyBytes: 8 * 1024 * 1024,
  certificateBytes: 5 * 1024 * 1024,
  parts: 50,
  fieldBytes: 64 * 1024,
  headerBytes: 16 * 1024,
  requestHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
}

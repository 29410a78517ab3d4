/*
 * The request limits, their defaults and their bounds, on their own so that reading the
 * configuration (the container's healthcheck does) does not load the app and Fastify with them.
 * The CLI's settings table (cli/config-options.ts) and startMockServer's checks read them here.
 */
import { wholeNumber, type Parse } from '../platform/settings.js'

const MIB = 1024 * 1024

export interface Limits {
  /** Whole request body, bytes (413 past it). */
  bodyBytes: number
  /** One uploaded file, bytes (E413 "failed to upload" past it). */
  certificateBytes: number
  /** Parts in one multipart body. */
  parts: number
  /** One text field, bytes. */
  fieldBytes: number
  /** One multipart part's Content-Disposition or Content-Type value (the headers PHP reads), bytes. */
  headerBytes: number
  /** All of a request's HTTP headers, bytes (431 past it). */
  requestHeaderBytes: number
  /** Time to receive a whole request, headers and body; past it 408 and the connection is closed. */
  requestTimeoutMs: number
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 8 * MIB,
  // PHP's upload_max_filesize.
  certificateBytes: 2 * MIB,
  // PHP's max_multipart_body_parts default: max_input_vars (1000) + max_file_uploads (20).
  parts: 1020,
  fieldBytes: 64 * 1024,
  headerBytes: 16 * 1024,
  requestHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
}

/**
 * What each limit may be set to. The certificate's upper bound is also the body limit, checked
 * where both are known (cli/config.ts, mock-server-options.ts).
 */
export const LIMIT_PARSERS: Record<keyof Limits, Parse<number>> = {
  bodyBytes: wholeNumber(1024, 1024 ** 3),
  certificateBytes: wholeNumber(1, 1024 ** 3),
  requestTimeoutMs: wholeNumber(100, 3_600_000),
  parts: wholeNumber(1, 10_000),
  fieldBytes: wholeNumber(1, 1024 ** 3),
  headerBytes: wholeNumber(1, 1024 ** 3),
  requestHeaderBytes: wholeNumber(1, 1024 ** 3),
}

/**
 * The longest path segment the router takes (Fastify's maxParamLength, set from this), so the
 * longest SID in a path. Laravel's router takes a segment of any length, so this is the header
 * limit: a longer request line is refused as too large (431) before routing. Schemas that take a
 * SID elsewhere (a fault's) use the same bound.
 */
export const MAX_SID_LENGTH = DEFAULT_LIMITS.requestHeaderBytes

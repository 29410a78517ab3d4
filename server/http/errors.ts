import type { ErrorEnvelope } from './error-envelope.js'

/**
 * The one catalogue of every error the mock can send, and the one function that turns a
 * catalogue entry into the wire envelope (the one success answer, I102, is the activation's:
 * activation/success-envelope.ts). `source` says whether the vendor documentation shows the
 * response or we inferred it.
 */

export const ACTIVATION_FAILED = {
  code: 'E939',
  message: 'Failed to submit request for Whatsapp account activation.',
} as const

type Source = 'documented' | 'inferred'

interface CatalogueEntry {
  status: number
  /** Outer code and message of the envelope. */
  code: string
  message: string
  /** Inner error code; for the activation failures it differs from the outer one. */
  errorCode: string
  /** Inner error message, or a template with `{detail}`. */
  errorMessage: string
  source: Source
}

export const ERRORS = {
  VALIDATION: {
    status: 400,
    ...ACTIVATION_FAILED,
    errorCode: 'E413',
    errorMessage: '{detail}',
    source: 'documented',
  },
  ALREADY_SUBMITTED: {
    status: 400,
    ...ACTIVATION_FAILED,
    errorCode: 'E937',
    errorMessage: 'This account already has submitted a request for WhatsApp activation.',
    source: 'documented',
  },
  API_KEY_MISSING: {
    status: 401,
    code: 'E401',
    message: 'Authentication failed.',
    errorCode: 'E401',
    errorMessage: 'The api-key header is required.',
    source: 'inferred',
  },
  API_KEY_INVALID: {
    status: 401,
    code: 'E401',
    message: 'Authentication failed.',
    errorCode: 'E401',
    errorMessage: 'The api-key is not valid for this account.',
    source: 'inferred',
  },
  ADMIN_UNAUTHORIZED: {
    status: 401,
    code: 'E401',
    message: 'Authentication failed.',
    errorCode: 'E401',
    errorMessage: 'The admin API needs the header Authorization: Bearer <MOCK_ADMIN_TOKEN>.',
    source: 'inferred',
  },
  ADMIN_CROSS_SITE: {
    status: 403,
    code: 'E403',
    message: 'Forbidden.',
    errorCode: 'E403',
    errorMessage: 'The admin API does not take cross-site browser requests.',
    source: 'inferred',
  },
  ADMIN_HOST_NOT_ALLOWED: {
    status: 403,
    code: 'E403',
    message: 'Forbidden.',
    errorCode: 'E403',
    errorMessage: 'The admin API does not answer for the host {detail} (MOCK_ALLOWED_HOSTS).',
    source: 'inferred',
  },
  MALFORMED_BODY: {
    status: 400,
    code: 'E400',
    message: 'Malformed request body.',
    errorCode: 'E400',
    errorMessage: '{detail}',
    source: 'inferred',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    code: 'E415',
    message: 'Unsupported Content-Type.',
    errorCode: 'E415',
    errorMessage: 'The admin API takes JSON bodies only: the Content-Type must be application/json.',
    source: 'inferred',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    code: 'E420',
    message: 'Request body too large.',
    errorCode: 'E420',
    errorMessage: '{detail}',
    source: 'inferred',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    code: 'E404',
    message: 'Route not found.',
    errorCode: 'E404',
    errorMessage: 'No route matches {detail}.',
    source: 'inferred',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    code: 'E405',
    message: 'Method not allowed.',
    errorCode: 'E405',
    errorMessage: '{detail}',
    source: 'inferred',
  },
  BAD_REQUEST: {
    status: 400,
    code: 'E400',
    message: 'Bad request.',
    errorCode: 'E400',
    errorMessage: '{detail}',
    source: 'inferred',
  },
  NAMESPACE_INVALID: {
    status: 400,
    code: 'E400',
    message: 'Bad request.',
    errorCode: 'E400',
    errorMessage: 'A namespace name is 1 to 64 characters of [A-Za-z0-9._-].',
    source: 'inferred',
  },
  PROVIDER_STATE_UNKNOWN: {
    status: 400,
    code: 'E400',
    message: 'Unknown provider state.',
    errorCode: 'E400',
    errorMessage: '{detail}',
    source: 'inferred',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    code: 'E408',
    message: 'Request timeout.',
    errorCode: 'E408',
    errorMessage: 'The request was not received in full within the time limit.',
    source: 'inferred',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    code: 'E431',
    message: 'Request headers too large.',
    errorCode: 'E431',
    errorMessage: 'The request headers exceed the size limit.',
    source: 'inferred',
  },
  INTERNAL: {
    status: 500,
    code: 'E500',
    message: 'Internal server error.',
    errorCode: 'E500',
    errorMessage: 'The mock server failed to handle the request.',
    source: 'inferred',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    code: 'E429',
    message: 'Too many requests.',
    errorCode: 'E429',
    errorMessage: 'The rate limit was exceeded; try again later.',
    source: 'inferred',
  },
  BAD_GATEWAY: {
    status: 502,
    code: 'E502',
    message: 'Bad gateway.',
    errorCode: 'E502',
    errorMessage: 'The upstream service sent an invalid response.',
    source: 'inferred',
  },
  GATEWAY_TIMEOUT: {
    status: 504,
    code: 'E504',
    message: 'Gateway timeout.',
    errorCode: 'E504',
    errorMessage: 'The upstream service did not answer in time.',
    source: 'inferred',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    code: 'E503',
    message: 'Service unavailable.',
    errorCode: 'E503',
    errorMessage: '{detail}',
    source: 'inferred',
  },
} as const satisfies Record<string, CatalogueEntry>

export type ErrorName = keyof typeof ERRORS

export interface ValidationFailure {
  parameter: string
  message: string
}

/**
 * What an error response says: its catalogue entry and what fills the entry in. Answers
 * decided in a handler (a validation failure, E937) are plain objects of this shape; only
 * what must travel as a thrown error (parsers, stores) is an ApiError.
 */
export interface ErrorAnswer {
  readonly errorName: ErrorName
  readonly detail?: string
  readonly failure?: ValidationFailure
  readonly headers?: Record<string, string>
}

/**
 * An error that already knows its place in the catalogue; the error handler sends it as is.
 * It is an answer, not a fault, so it carries no stack: capturing one cost a sixth of a
 * validation error's CPU time in a profile.
 */
export class ApiError extends Error implements ErrorAnswer {
  readonly name = 'ApiError'
  constructor (
    readonly errorName: ErrorName,
    readonly detail?: string,
    readonly failure?: ValidationFailure,
    readonly headers?: Record<string, string>,
  ) {
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(detail ?? ERRORS[errorName].errorMessage)
    Error.stackTraceLimit = stackTraceLimit
  }

  get status (): number {
    return ERRORS[this.errorName].status
  }
}

/** A plain answer, not an Error: even without a stack, constructing an Error was about 3% of a validation error's CPU time. */
export function validationError (failure: ValidationFailure): ErrorAnswer {
  return { errorName: 'VALIDATION', failure }
}

/** Builds the wire envelope; the only place an error body is written. */
function buildErrorEnvelope (name: ErrorName, detail?: string, failure?: ValidationFailure): ErrorEnvelope {
  const entry: CatalogueEntry = ERRORS[name]
  if (name === 'VALIDATION') {
    if (failure === undefined) throw new TypeError('a validation envelope needs a failure')
    return {
      code: entry.code,
      message: entry.message,
      data: [],
      error: {
        code: ERRORS.VALIDATION.errorCode,
        type: 'VALIDATION_ERROR',
        parameter: failure.parameter,
        message: failure.message,
        reference: '',
      },
    }
  }
  return {
    code: entry.code,
    message: entry.message,
    data: [],
    error: {
      code: entry.errorCode,
      message: entry.errorMessage.replace('{detail}', detail ?? ''),
      data: [],
    },
  }
}

export function envelopeOf (error: ErrorAnswer): ErrorEnvelope {
  return buildErrorEnvelope(error.errorName, error.detail, error.failure)
}

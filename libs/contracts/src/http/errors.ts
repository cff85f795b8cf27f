import { ErrorIdDefinition } from './error-ids';

/** Kratos's error envelope: {"error":{id?,code,status,reason?,message,details?}} plus optional siblings. */
export interface KratosErrorBody {
  id?: string;
  code: number;
  status: string;
  reason?: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface KratosErrorEnvelope {
  error: KratosErrorBody;
  [sibling: string]: unknown;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** herodot's default message per status, as Kratos answers them. */
const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'The request was malformed or contained invalid parameters',
  401: 'The request could not be authorized',
  403: 'The requested action was forbidden',
  404: 'The requested resource could not be found',
  405: 'The request method is not supported for the requested resource',
  409: 'The resource could not be created due to a conflict',
  410: 'The requested resource is no longer available',
  412: 'The request precondition failed',
  413: 'The request was too large',
  415: 'The request media type is not supported',
  422: 'The request was well-formed but was unable to be followed due to semantic errors',
  500: 'An internal server error occurred, please contact the system administrator',
  502: 'A third-party upstream service responded improperly',
  503: 'The service is temporarily unavailable',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Error';
}

/** A typed error that renders as Kratos's envelope; thrown anywhere, rendered once at the edge. */
export class KratosError extends Error {
  constructor(
    readonly code: number,
    readonly body: Omit<KratosErrorBody, 'code' | 'status' | 'message'> & { message?: string } = {},
    readonly siblings: Record<string, unknown> = {},
  ) {
    super(body.message ?? DEFAULT_MESSAGE[code] ?? statusText(code));
    this.name = 'KratosError';
  }

  toEnvelope(): KratosErrorEnvelope {
    const { id, reason, details } = this.body;
    const error: KratosErrorBody = { code: this.code, status: statusText(this.code), message: this.message };
    if (id !== undefined) error.id = id;
    if (reason !== undefined) error.reason = reason;
    if (details !== undefined) error.details = details;
    return { error: orderKeys(error), ...this.siblings };
  }

  /** The error of one of Kratos's error ids (`ErrorIds`): its status, id and default reason and message, unless
   * `body` names its own. */
  static of(error: ErrorIdDefinition, body: { reason?: string; message?: string; details?: Record<string, unknown> } = {}, siblings: Record<string, unknown> = {}): KratosError {
    return new KratosError(error.code, { id: error.id, reason: body.reason ?? error.reason, message: body.message ?? error.message, details: body.details }, siblings);
  }

  static badRequest(reason: string): KratosError {
    return new KratosError(400, { reason });
  }

  static notFound(reason?: string): KratosError {
    return new KratosError(404, { reason });
  }

  static internal(): KratosError {
    return new KratosError(500);
  }
}

function orderKeys(e: KratosErrorBody): KratosErrorBody {
  const { id, code, status, reason, details, message } = e;
  return JSON.parse(JSON.stringify({ id, code, status, reason, details, message }));
}

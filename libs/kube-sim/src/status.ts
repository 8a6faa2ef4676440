import type { ServerResponse } from 'node:http';

type Reason =
  | 'NotFound'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Conflict'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'Timeout';

const CODES: Record<Reason, number> = {
  NotFound: 404,
  BadRequest: 400,
  MethodNotAllowed: 405,
  InternalError: 500,
  Unauthorized: 401,
  Forbidden: 403,
  Conflict: 409,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
  Timeout: 504,
};

const REASONS_BY_CODE = new Map<number, Reason>(Object.entries(CODES).map(([reason, code]) => [code, reason as Reason]));

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

/** The metav1.Status failure body clients parse to build their error messages. */
export function statusJson(reason: Reason, message: string, details: StatusDetails = {}): Record<string, unknown> {
  return statusBody(CODES[reason], reason, message, details);
}

/** `reason` '' is metav1.StatusReasonUnknown, which the apiserver leaves out of the body. */
function statusBody(code: number, reason: string, message: string, details: StatusDetails): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    details,
    code,
  };
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendStatus(res: ServerResponse, reason: Reason, message: string, details?: StatusDetails): void {
  sendJson(res, CODES[reason], statusJson(reason, message, details));
}

/** For injected failures with an arbitrary HTTP code: the reason is the one the apiserver pairs with it, if any. */
export function sendStatusCode(res: ServerResponse, code: number, message: string, details: StatusDetails = {}): void {
  sendJson(res, code, statusBody(code, REASONS_BY_CODE.get(code) ?? '', message, details));
}

export function podNotFound(res: ServerResponse, name: string): void {
  sendStatus(res, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
}

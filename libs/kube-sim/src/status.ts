import type { ServerResponse } from 'node:http';

type Reason = 'NotFound' | 'BadRequest' | 'MethodNotAllowed' | 'InternalError';

const CODES: Record<Reason, number> = { NotFound: 404, BadRequest: 400, MethodNotAllowed: 405, InternalError: 500 };

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

/** The metav1.Status failure body clients parse to build their error messages. */
export function statusJson(reason: Reason, message: string, details: StatusDetails = {}): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details,
    code: CODES[reason],
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

export function podNotFound(res: ServerResponse, name: string): void {
  sendStatus(res, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
}

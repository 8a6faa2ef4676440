import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh token per sim, so that a client holding another sim's kubeconfig is refused, as by a real cluster. */
export function newBearerToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time, as an apiserver does). */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeSimAccess } from './kubeconfig';

/**
 * A request to the sim as an authorised client: https with its CA (or plain http, whichever it serves) and
 * its bearer token. For tests and tools that talk to the sim directly rather than through client-node or
 * kubectl; `options.headers` may override Authorization (e.g. to test a wrong token).
 */
export function simRequest(
  access: KubeSimAccess,
  path: string,
  options: http.RequestOptions = {},
  onResponse?: (res: http.IncomingMessage) => void,
): http.ClientRequest {
  const url = new URL(path, access.url);
  const transport = url.protocol === 'https:' ? https : http;
  return transport.request(url, { ...options, ca: access.caCertificate, headers: { Authorization: `Bearer ${access.token}`, ...options.headers } }, onResponse);
}

/** A GET, sent at once (like http.get). */
export function simGet(
  access: KubeSimAccess,
  path: string,
  options: http.RequestOptions = {},
  onResponse?: (res: http.IncomingMessage) => void,
): http.ClientRequest {
  const request = simRequest(access, path, { ...options, method: 'GET' }, onResponse);
  request.end();
  return request;
}

/** Runs a control action (POST /kube-sim/control) and resolves with the sim's answer: `{ ok, ...result }` or `{ ok: false, message }`. */
export function simControl(access: KubeSimAccess, action: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = simRequest(access, '/kube-sim/control', { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(JSON.stringify(action));
  });
}

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
  return transport.request(
    url,
    { ...options, ca: access.caCertificate, headers: { Authorization: `Bearer ${access.token}`, ...options.headers } },
    onResponse,
  );
}

/** A GET, sent at once (like http.get). */
export function simGet(access: KubeSimAccess, path: string, options: http.RequestOptions = {}, onResponse?: (res: http.IncomingMessage) => void): http.ClientRequest {
  const request = simRequest(access, path, { ...options, method: 'GET' }, onResponse);
  request.end();
  return request;
}

import { cors } from '@connectrpc/connect';
import type { HttpHandler } from './http-handler';

/** What browsers of other origins may send besides the protocols' own headers: the bearer token. */
const APP_HEADERS = ['Authorization'];

/**
 * CORS for browsers on the allowed origins, for the three protocols (the headers connect-es lists): a preflight
 * is answered here, and an actual request gets the origin and the headers it may read. Other origins get no
 * CORS header at all, so their browsers refuse; same-origin requests need none.
 */
export function withCors(origins: readonly string[], handler: HttpHandler): HttpHandler {
  if (origins.length === 0) return handler;
  const allowed = new Set(origins);
  return (request, response) => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return handler(request, response);
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.setHeader('Access-Control-Allow-Methods', cors.allowedMethods.join(', '));
      response.setHeader('Access-Control-Allow-Headers', [...cors.allowedHeaders, ...APP_HEADERS].join(', '));
      response.setHeader('Access-Control-Max-Age', '7200');
      response.writeHead(204);
      response.end();
      return;
    }
    response.setHeader('Access-Control-Expose-Headers', cors.exposedHeaders.join(', '));
    return handler(request, response);
  };
}

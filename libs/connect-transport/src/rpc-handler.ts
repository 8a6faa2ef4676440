import type { ConnectRouter } from '@connectrpc/connect';
import { Code, ConnectError } from '@connectrpc/connect';
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from '@connectrpc/connect-node';
import type { UniversalHandlerFn } from '@connectrpc/connect/protocol';
import { servedWithSpecGrpcMessage } from './grpc-message';
import { GRPC_WEB_TEXT, servedAsGrpcWebText } from './grpc-web-text';
import type { HttpHandler } from './http-handler';

const GRPC = /^application\/grpc(\+|;|$)/i;

/**
 * The router's RPCs as one Node request handler, as connect-node's own adapter makes it, with two additions
 * to the protocols connect-es speaks: gRPC-Web's text mode, and gRPC status messages encoded as the gRPC spec
 * says (grpc-message.ts). A path that is no RPC goes to `fallback`; a failure to write (the caller gone) ends
 * the call quietly, any other goes to `failed`.
 */
export function rpcHandler(router: ConnectRouter, fallback: HttpHandler, failed: (error: unknown) => void): HttpHandler {
  const paths = new Map<string, UniversalHandlerFn>(router.handlers.map((handler) => [handler.requestPath, handler]));
  return (request, response) => {
    const handler = paths.get(request.url?.split('?', 1)[0] ?? '');
    if (!handler) return fallback(request, response);
    const contentType = request.headers['content-type'] ?? '';
    const served = GRPC.test(contentType) ? servedWithSpecGrpcMessage(handler) : GRPC_WEB_TEXT.test(contentType) ? servedAsGrpcWebText(handler) : handler;
    served(universalRequestFromNodeRequest(request, response, undefined, undefined))
      .then((universal) => universalResponseToNodeResponse(universal, response))
      .catch((error: unknown) => {
        if (ConnectError.from(error).code !== Code.Aborted) failed(error);
      });
  };
}

/** What answers a path that is no RPC when nothing else does: 404, as connect-node's adapter does. */
export const notFound: HttpHandler = (_request, response) => {
  response.writeHead(404);
  response.end();
};

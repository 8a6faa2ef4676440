import type { UniversalHandlerFn } from '@connectrpc/connect/protocol';

/** `application/grpc-web-text`, with or without `+proto`: gRPC-Web with the body in base64 (the grpc-web library's default mode). */
export const GRPC_WEB_TEXT = /^application\/grpc-web-text(\+proto)?\s*(;|$)/i;

/**
 * gRPC-Web's text mode, which connect-es does not speak: the request body is base64 of binary gRPC-Web, and so is
 * every chunk of the response. The call is served as binary gRPC-Web, its bodies translated on the way in and out;
 * each response chunk is encoded on its own (padded), as Envoy's gRPC-Web filter sends them and clients decode them.
 */
export function servedAsGrpcWebText(handler: UniversalHandlerFn): UniversalHandlerFn {
  return async (request) => {
    const header = new Headers(request.header);
    header.set('content-type', 'application/grpc-web+proto');
    const response = await handler({ ...request, header, body: decodedBase64(request.body as AsyncIterable<Uint8Array>) });
    response.header?.set('content-type', 'application/grpc-web-text+proto');
    return { ...response, body: response.body && encodedBase64(response.body) };
  };
}

/** Base64 text, in chunks cut anywhere, as the bytes it encodes; a padded quantum may end a segment mid-stream. */
export async function* decodedBase64(text: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending = '';
  for await (const chunk of text) {
    pending += Buffer.from(chunk).toString('latin1').replace(/\s+/g, '');
    const whole = pending.length - (pending.length % 4);
    if (whole === 0) continue;
    yield decodeQuanta(pending.slice(0, whole));
    pending = pending.slice(whole);
  }
  if (pending.length > 0) yield decodeQuanta(pending);
}

/** Base64 of whole 4-character quanta; Node stops at the first `=`, so each padded segment is decoded apart. */
function decodeQuanta(text: string): Uint8Array {
  const segments = text.split(/(?<==)(?=[^=])/);
  return segments.length === 1 ? Buffer.from(text, 'base64') : Buffer.concat(segments.map((segment) => Buffer.from(segment, 'base64')));
}

async function* encodedBase64(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) yield Buffer.from(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'), 'latin1');
}

import type { UniversalHandlerFn } from '@connectrpc/connect/protocol';

/**
 * connect-node percent-encodes a gRPC status message with `encodeURIComponent`; grpc-js decodes it with
 * `decodeURI`, which leaves reserved characters such as `:` and `/` encoded, so every grpc-js caller (our CLI and
 * Nest client among them) would read "a target is required%3A set app_id …". The gRPC spec asks only bytes
 * outside printable ASCII and `%` to be encoded: for gRPC calls, the message is encoded again that way, which
 * every decoder reads the same. The status is in the headers of a call that fails at once, else in its trailers.
 */
export function servedWithSpecGrpcMessage(handler: UniversalHandlerFn): UniversalHandlerFn {
  return async (request) => {
    const response = await handler(request);
    const { header, trailer } = response;
    reencode(header);
    if (!response.body) return response;
    return { ...response, body: reencodedAtTheEnd(response.body, () => [header, trailer].forEach(reencode)) };
  };
}

async function* reencodedAtTheEnd(body: AsyncIterable<Uint8Array>, reencodeStatus: () => void): AsyncGenerator<Uint8Array> {
  yield* body;
  reencodeStatus();
}

function reencode(headers: Headers | undefined): void {
  const message = headers?.get('grpc-message');
  if (message) headers!.set('grpc-message', grpcPercentEncode(safeDecode(message)));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The gRPC spec's percent-encoding: UTF-8 bytes outside 0x20–0x7E, and `%`, as `%XX`; and a space at either
 * end too, since HTTP/2 drops a header value that starts or ends with one (grpc-js's own messages may end so).
 */
export function grpcPercentEncode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let encoded = '';
  bytes.forEach((byte, i) => {
    const edgeSpace = byte === 0x20 && (i === 0 || i === bytes.length - 1);
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 && !edgeSpace ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  return encoded;
}

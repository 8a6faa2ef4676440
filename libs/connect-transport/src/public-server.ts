import type { TlsFiles } from '@applogs/service-kit';
import { listenAt, splitHostPort } from '@applogs/service-kit';
import type { HttpHandler } from './http-handler';
import { createServer as createPolyglotServer } from '@httptoolkit/httpolyglot';
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import type { AddressInfo, Server, Socket } from 'node:net';

export interface PublicServerOptions {
  /** `host:port` to listen on. */
  address: string;
  /** The setting that named the address, for a start-up error. */
  variable: string;
  /** Certificate and key of the port; undefined: plaintext. */
  tls?: TlsFiles;
  /** How often the certificate and key are read again (cert-manager rotates them in place). */
  refreshMs: number;
}

// Node's default (10 MB per HTTP/2 session) makes a busy session refuse new streams; grpc-js lifts it too.
const HTTP2_OPTIONS = { maxSessionMemory: 1024 };

/**
 * The public port: every protocol Connect speaks on one port, as connect-go serves it. Plaintext: HTTP/1.1 and
 * HTTP/2 with prior knowledge (h2c), told apart by the HTTP/2 preface (httpolyglot). TLS: HTTP/2 or HTTP/1.1 by
 * ALPN, the certificate read again as it changes. Closing destroys the connections still open (streams never
 * end by themselves).
 */
export class PublicServer {
  private readonly sockets = new Set<Socket>();
  private refresh: NodeJS.Timeout | undefined;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      // Responses are streams of small writes: without this, the last segment of each HTTP/2 window waits
      // for the peer's delayed ACK (Nagle), and a client with Node's default 64 KiB window gets ~1 MB/s.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async listen(handler: HttpHandler, options: PublicServerOptions): Promise<PublicServer> {
    const pair = options.tls && readPair(options.tls);
    const server = new PublicServer(pair ? secureServer(handler, pair) : plaintextServer(handler));
    const { host, port } = splitHostPort(options.address);
    await listenAt(
      options.variable,
      options.address,
      () =>
        new Promise<void>((resolve, reject) => {
          server.server.once('error', reject);
          server.server.listen(port, host, () => {
            server.server.off('error', reject);
            resolve();
          });
        }),
    );
    if (options.tls && pair) server.watchCertificate(options.tls, pair, options.refreshMs);
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    clearInterval(this.refresh);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** `current`: the pair the server was made with; a rotation since then is picked up at the first refresh. */
  private watchCertificate(tls: TlsFiles, current: CertificatePair, refreshMs: number): void {
    this.refresh = setInterval(() => {
      try {
        const next = readPair(tls);
        if (next.cert === current.cert && next.key === current.key) return;
        (this.server as http2.Http2SecureServer).setSecureContext(next);
        current = next;
      } catch {
        // Half-written files during a rotation: the next refresh reads them whole.
      }
    }, refreshMs);
    this.refresh.unref();
  }
}

/**
 * HTTP/1.1 and h2c on one port. httpolyglot hands an h2c connection to Node's HTTP/2 server as a JavaScript
 * stream (it marks the socket's handle as no native stream, a workaround for HTTP/2 over HTTP/2 proxying), so
 * every frame of every response would cross JavaScript twice. A TCP socket needs no such workaround: Node's
 * HTTP/2 session reads the preface bytes httpolyglot put back itself (nodejs/node#35475), so the socket's
 * native stream is restored before the session is made.
 */
function plaintextServer(handler: HttpHandler): Server {
  const server = createPolyglotServer({ http2: HTTP2_OPTIONS }, handler as never);
  const http2Server = (server as unknown as { _http2Server: http2.Http2Server })._http2Server;
  http2Server.prependListener('connection', (socket: Socket & { _handle?: { isStreamBase?: boolean } }) => {
    if (socket._handle) delete socket._handle.isStreamBase;
  });
  return server;
}

function secureServer(handler: HttpHandler, pair: CertificatePair): http2.Http2SecureServer {
  return http2.createSecureServer({ ...HTTP2_OPTIONS, ...pair, allowHTTP1: true }, handler as never);
}

interface CertificatePair {
  cert: string;
  key: string;
}

function readPair(tls: TlsFiles): CertificatePair {
  return { cert: readFileSync(tls.cert, 'utf8'), key: readFileSync(tls.key, 'utf8') };
}

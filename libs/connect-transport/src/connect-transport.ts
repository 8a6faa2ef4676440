import { Health } from '@applogs/proto';
import { ServerReflection, type HealthReporter, type TlsFiles } from '@applogs/service-kit';
import type { DescFile, DescService } from '@bufbuild/protobuf';
import { createConnectRouter, type ConnectRouter } from '@connectrpc/connect';
import { compressionGzip } from '@connectrpc/connect-node';
import type { HttpHandler } from './http-handler';
import { CustomTransportStrategy, GrpcMethodStreamingType, ServerGrpc } from '@nestjs/microservices';
import { withCors } from './cors';
import { notFound, rpcHandler } from './rpc-handler';
import { healthService } from './health-service';
import { serveStreaming } from './nest-method';
import { PublicServer } from './public-server';
import { addReflectionServices } from './reflection-service';

export interface ConnectTransportOptions {
  /** Where to listen, and the setting that named it (for a start-up error). */
  address: string;
  addressVariable: string;
  /** The services whose `@GrpcMethod` handlers this transport serves, and the files that describe them. */
  services: DescService[];
  files: DescFile[];
  /** Answers `grpc.health.v1.Health`. */
  health: HealthReporter;
  /** Certificate and key of the port (both protocols' TLS by ALPN); undefined: plaintext. */
  tls?: TlsFiles;
  /** How often the certificate is read again. */
  refreshMs: number;
  /** Origins whose browsers may call (CORS); empty: same origin only. */
  corsOrigins: readonly string[];
  /** What answers requests that are not RPCs (the browser viewer); default: 404. */
  fallback?: HttpHandler;
}

/** The largest request message taken: gRPC's usual 4 MiB, so that an oversized field gets a message naming it. */
const READ_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A Nest transport strategy that serves the app's `@GrpcMethod` handlers — with the guards, interceptors,
 * pipes and exception filters Nest wraps around them — over gRPC, gRPC-Web and the Connect protocol on one port,
 * as connect-go serves Flyte's API, with `@connectrpc/connect-node`. A strategy rather than a provider that owns
 * a server: the handlers stay Nest's, and so do their guards and interceptors (authentication, limits,
 * telemetry), whichever protocol a call comes by. Health and reflection are served beside them.
 *
 * It extends Nest's gRPC server so that Nest treats it as one: `@GrpcMethod` handlers register with it, and are
 * called as Nest's gRPC transport calls them (request, Metadata, call), so the same controller code serves the
 * gRPC-only data plane and this port. Everything that binds a server is its own.
 */
export class ConnectTransport extends ServerGrpc implements CustomTransportStrategy {
  private server: PublicServer | undefined;
  private readonly shutdown = new AbortController();

  private readonly settings: ConnectTransportOptions;

  constructor(settings: ConnectTransportOptions) {
    super({ url: settings.address, package: [] });
    this.settings = settings;
  }

  /** The port listened on (useful when the address asks for port 0). */
  get port(): number | undefined {
    return this.server?.port;
  }

  override async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { settings } = this;
      const router = createConnectRouter({
        // Compressed requests are taken (grpc-go and connect-go clients may send them); responses go as they
        // are: the relayed bytes are never re-encoded, and gzip would cost more CPU per line than the relay.
        acceptCompression: [compressionGzip],
        compressMinBytes: Number.MAX_SAFE_INTEGER,
        readMaxBytes: READ_MAX_BYTES,
        // As connect-go (protojson): a field TailLogsRequest does not have is an error, not silently dropped.
        jsonOptions: { ignoreUnknownFields: false },
        shutdownSignal: this.shutdown.signal,
      });
      this.routes(router);
      const rpc = rpcHandler(router, settings.fallback ?? notFound, (error) => this.logger.error(`a call failed outside its handler: ${String(error)}`));
      this.server = await PublicServer.listen(withCors(settings.corsOrigins, rpc), {
        address: settings.address,
        variable: settings.addressVariable,
        tls: settings.tls,
        refreshMs: settings.refreshMs,
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  override async close(): Promise<void> {
    this.shutdown.abort();
    await this.server?.close();
  }

  override on(): never {
    throw new Error('ConnectTransport has no events to listen to');
  }

  override unwrap<T>(): T {
    return this.server as T;
  }

  private routes(router: ConnectRouter): void {
    const { services, files, health } = this.settings;
    for (const service of services) router.service(service, this.implementation(service) as never);
    router.service(Health, healthService(health));
    addReflectionServices(router, new ServerReflection(files, services));
  }

  /** The service's methods that have a `@GrpcMethod` handler; the others answer UNIMPLEMENTED. */
  private implementation(service: DescService): Record<string, unknown> {
    const methods: Record<string, unknown> = {};
    for (const method of service.methods) {
      const handler = this.getMessageHandler(service.name, method.name, GrpcMethodStreamingType.NO_STREAMING, { path: `/${service.typeName}/${method.name}` });
      if (!handler || method.methodKind !== 'server_streaming') continue;
      // Nest's message handlers take the transport's arguments after the data: here, as in its gRPC transport,
      // the Metadata and the call.
      const nestHandler = handler as unknown as (...args: unknown[]) => Promise<unknown>;
      methods[method.localName] = serveStreaming(
        async (request, metadata, call) => this.transformToObservable(await nestHandler(request, metadata, call)),
        method.output,
      );
    }
    return methods;
  }
}

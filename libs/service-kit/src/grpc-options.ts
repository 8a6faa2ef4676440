import { APP_LOGS_PACKAGE, appLogsPackageDefinition, type AppLogsPackageOptions } from '@applogs/proto';
import type { ChannelCredentials, Interceptor, Server, ServerCredentials } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { HealthReporter } from './health';
import { addReflection } from './reflection';

export interface AppLogsGrpcOptions extends AppLogsPackageOptions {
  channelOptions?: Record<string, number | string>;
  /**
   * For a server only: also serve `grpc.health.v1.Health` from this reporter, and server reflection of
   * every service on the server (so grpcurl needs no .proto files).
   */
  health?: HealthReporter;
  /** Server credentials (for a server) or channel credentials (for a client); default: plaintext. */
  credentials?: ServerCredentials | ChannelCredentials;
  /** For a client only: interceptors of every call (e.g. adding the internal secret). */
  interceptors?: Interceptor[];
}

/**
 * The same gRPC transport settings for both planes' servers and the control plane's client: the
 * AppLogsService package, whose TailLogs responses may be sent already encoded.
 */
export function appLogsGrpcOptions(url: string, options: AppLogsGrpcOptions = {}): GrpcOptions {
  const { health } = options;
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: APP_LOGS_PACKAGE,
      packageDefinition: appLogsPackageDefinition({ rawResponses: options.rawResponses }),
      channelOptions: options.interceptors?.length ? { ...options.channelOptions, interceptors: options.interceptors } : options.channelOptions,
      credentials: options.credentials,
      onLoadPackageDefinition: health
        ? (definition: PackageDefinition, server: Pick<Server, 'addService'>) => {
            health.addToServer(server);
            addReflection(server, definition);
          }
        : undefined,
    },
  };
}

import { AppLogsService, file_flyteidl2_app_app_logs_service, grpcPackageDefinition } from '@applogs/proto';
import type { Server, ServerCredentials } from '@grpc/grpc-js';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { HealthReporter } from './health';
import { addHealthService } from './health-service';
import { ServerReflection, addReflectionService } from './reflection';

export interface AppLogsServerOptions {
  channelOptions?: Record<string, number | string>;
  /** Also serve `grpc.health.v1.Health` from this reporter, and reflection of every service on the server. */
  health?: HealthReporter;
  /** Default: plaintext. */
  credentials?: ServerCredentials;
}

/**
 * Nest's gRPC transport for AppLogsService, from the protobuf-es descriptors (no .proto file is read at run
 * time): TailLogs responses may be handed over already encoded and are then sent as they are.
 */
export function appLogsGrpcOptions(url: string, options: AppLogsServerOptions = {}): GrpcOptions {
  const { health } = options;
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: AppLogsService.file.proto.package,
      packageDefinition: grpcPackageDefinition([AppLogsService], { rawResponses: true }),
      channelOptions: options.channelOptions,
      credentials: options.credentials,
      onLoadPackageDefinition: health
        ? (_definition: unknown, server: Pick<Server, 'addService'>) => {
            addHealthService(server, health);
            addReflectionService(server, new ServerReflection([file_flyteidl2_app_app_logs_service], [AppLogsService]));
          }
        : undefined,
    },
  };
}

import { APP_LOGS_PACKAGE, APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS } from '@applogs/proto';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';

/** The same gRPC transport settings for both planes' servers and the control plane's client. */
export function appLogsGrpcOptions(url: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: APP_LOGS_PACKAGE,
      protoPath: APP_LOGS_SERVICE_PROTO,
      loader: PROTO_LOADER_OPTIONS,
    },
  };
}

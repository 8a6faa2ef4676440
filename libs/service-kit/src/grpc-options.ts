import { APP_LOGS_PACKAGE, appLogsPackageDefinition, type AppLogsPackageOptions } from '@applogs/proto';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';

export interface AppLogsGrpcOptions extends AppLogsPackageOptions {
  channelOptions?: Record<string, number | string>;
}

/**
 * The same gRPC transport settings for both planes' servers and the control plane's client: the
 * AppLogsService package, whose TailLogs responses may be sent already encoded.
 */
export function appLogsGrpcOptions(url: string, options: AppLogsGrpcOptions = {}): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: APP_LOGS_PACKAGE,
      packageDefinition: appLogsPackageDefinition({ rawResponses: options.rawResponses }),
      channelOptions: options.channelOptions,
    },
  };
}

import { HealthReporter, TelemetryModule, appLogsGrpcOptions, internalChannelCredentials, internalClientInterceptors } from '@applogs/service-kit';
import type { Logger } from 'pino';
import { Authenticator } from '@applogs/auth';
import { CallerAuthInterceptor } from './caller-auth.interceptor';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppLogsController } from './app-logs.controller';
import { ControlPlaneConfig } from './control-plane.config';
import { DATA_PLANE_GRPC, DataPlaneClient } from './data-plane.client';
import { DataPlaneHealth } from './data-plane-health';

/**
 * grpc-js starts every HTTP/2 connection with a 64 KiB receive window and never grows it: one batch of log
 * lines fills it, and the data plane then idles for a round trip per batch. A larger window lets it keep
 * streaming; a slow caller still holds it back, because we stop reading when our caller stops.
 */
const DATA_PLANE_CHANNEL_OPTIONS = { 'grpc-node.flow_control_window': 4 * 1024 * 1024 };

@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig, logger: Logger, health: HealthReporter, authenticator: Authenticator): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        TelemetryModule.forRoot({
          plane: 'control-plane',
          metricsAddress: config.metricsAddress,
          metricsAddressVariable: 'APPLOGS_CONTROL_PLANE_METRICS_ADDR',
          logger,
        }),
        ClientsModule.register([
          {
            name: DATA_PLANE_GRPC,
            ...appLogsGrpcOptions(config.dataPlaneUrl, {
              channelOptions: DATA_PLANE_CHANNEL_OPTIONS,
              rawResponses: true,
              credentials: internalChannelCredentials(config.internal),
              interceptors: internalClientInterceptors(config.internal),
            }),
          },
        ]),
      ],
      controllers: [AppLogsController],
      providers: [
        { provide: ControlPlaneConfig, useValue: config },
        DataPlaneClient,
        { provide: Authenticator, useValue: authenticator },
        CallerAuthInterceptor,
        { provide: HealthReporter, useValue: health },
        { provide: DataPlaneHealth, useFactory: () => new DataPlaneHealth(health, config.dataPlaneUrl, config.internal) },
      ],
    };
  }
}

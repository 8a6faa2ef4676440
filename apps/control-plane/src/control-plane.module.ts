import { appLogsGrpcOptions } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppLogsController } from './app-logs.controller';
import { ControlPlaneConfig } from './control-plane.config';
import { DATA_PLANE_GRPC, DataPlaneClient } from './data-plane.client';

/**
 * grpc-js starts every HTTP/2 connection with a 64 KiB receive window and never grows it: one batch of log
 * lines fills it, and the data plane then idles for a round trip per batch. A larger window lets it keep
 * streaming; a slow caller still holds it back, because we stop reading when our caller stops.
 */
const DATA_PLANE_CHANNEL_OPTIONS = { 'grpc-node.flow_control_window': 4 * 1024 * 1024 };

@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [ClientsModule.register([{ name: DATA_PLANE_GRPC, ...appLogsGrpcOptions(config.dataPlaneUrl, { channelOptions: DATA_PLANE_CHANNEL_OPTIONS, rawResponses: true }) }])],
      controllers: [AppLogsController],
      providers: [{ provide: ControlPlaneConfig, useValue: config }, DataPlaneClient],
    };
  }
}

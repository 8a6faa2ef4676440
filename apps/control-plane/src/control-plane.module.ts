import { appLogsGrpcOptions } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { AppLogsController } from './app-logs.controller';
import { ControlPlaneConfig } from './control-plane.config';
import { DATA_PLANE_GRPC, DataPlaneClient } from './data-plane.client';

@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [ClientsModule.register([{ name: DATA_PLANE_GRPC, ...appLogsGrpcOptions(config.dataPlaneUrl) }])],
      controllers: [AppLogsController],
      providers: [{ provide: ControlPlaneConfig, useValue: config }, DataPlaneClient],
    };
  }
}

import 'reflect-metadata';
import { appLogsGrpcOptions, runService } from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ControlPlaneConfig } from './control-plane.config';
import { ControlPlaneModule } from './control-plane.module';

runService('control plane', async () => {
  const config = new ControlPlaneConfig(process.env);
  const app = await NestFactory.createMicroservice(ControlPlaneModule.forRoot(config), appLogsGrpcOptions(config.address));
  await app.listen();
  new Logger('ControlPlane').log(`AppLogsService listening on ${config.address} (data plane ${config.dataPlaneUrl})`);
  return app;
});

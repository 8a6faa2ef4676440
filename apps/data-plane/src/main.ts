import 'reflect-metadata';
import { appLogsGrpcOptions, runService } from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataPlaneConfig } from './data-plane.config';
import { DataPlaneModule } from './data-plane.module';

runService('data plane', async () => {
  const config = new DataPlaneConfig(process.env);
  const app = await NestFactory.createMicroservice(DataPlaneModule.forRoot(config), appLogsGrpcOptions(config.address));
  await app.listen();
  new Logger('DataPlane').log(
    `internal AppLogsService listening on ${config.address} (namespace ${config.namespace}, at most ${config.maxStreams} streams)`,
  );
  return app;
});

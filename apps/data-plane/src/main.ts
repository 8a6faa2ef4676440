import 'reflect-metadata';
import { PinoNestLogger, appLogsGrpcOptions, appLogsHealthReporter, createLogger, runService } from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataPlaneConfig } from './data-plane.config';
import { DataPlaneModule } from './data-plane.module';

runService('data plane', async () => {
  const config = new DataPlaneConfig(process.env);
  const logger = createLogger('data-plane', config.logLevel);
  const health = appLogsHealthReporter();
  const app = await NestFactory.createMicroservice(DataPlaneModule.forRoot(config, logger, health), {
    ...appLogsGrpcOptions(config.address, { health }),
    logger: new PinoNestLogger(logger),
  });
  await app.listen();
  new Logger('DataPlane').log(
    `internal AppLogsService listening on ${config.address} (namespace ${config.namespace}, at most ${config.maxStreams} streams)`,
  );
  return app;
});

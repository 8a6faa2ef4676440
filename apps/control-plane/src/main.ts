import 'reflect-metadata';
import { PinoNestLogger, appLogsGrpcOptions, appLogsHealthReporter, createLogger, runService } from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ControlPlaneConfig } from './control-plane.config';
import { ControlPlaneModule } from './control-plane.module';

runService('control plane', async () => {
  const config = new ControlPlaneConfig(process.env);
  const logger = createLogger('control-plane', config.logLevel);
  const health = appLogsHealthReporter();
  const app = await NestFactory.createMicroservice(ControlPlaneModule.forRoot(config, logger, health), {
    ...appLogsGrpcOptions(config.address, { health }),
    logger: new PinoNestLogger(logger),
  });
  await app.listen();
  new Logger('ControlPlane').log(`AppLogsService listening on ${config.address} (data plane ${config.dataPlaneUrl})`);
  return app;
});

import 'reflect-metadata';
import {
  PinoNestLogger,
  appLogsGrpcOptions,
  appLogsHealthReporter,
  certificatesLoaded,
  createLogger,
  internalServerCredentials,
  isPlaintextInternal,
  listenAt,
  routeGrpcLogs,
  runService,
} from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataPlaneConfig } from './data-plane.config';
import { DataPlaneModule } from './data-plane.module';

runService('data plane', async () => {
  const config = new DataPlaneConfig(process.env);
  const logger = createLogger('data-plane', config.logLevel);
  routeGrpcLogs(logger);
  const health = appLogsHealthReporter();
  const credentials = internalServerCredentials(config.internal);
  const app = await NestFactory.createMicroservice(DataPlaneModule.forRoot(config, logger, health), {
    ...appLogsGrpcOptions(config.address, { health, credentials }),
    logger: new PinoNestLogger(logger),
  });
  await listenAt('APPLOGS_DATA_PLANE_ADDR', config.address, () => app.listen());
  await certificatesLoaded(credentials);
  if (config.cluster.insecurity) {
    new Logger('DataPlane').warn(`${config.cluster.insecurity} (allowed by APPLOGS_ALLOW_INSECURE_KUBE=true)`);
  }
  if (isPlaintextInternal(config.internal)) {
    new Logger('DataPlane').warn(
      'serving plaintext without a secret (allowed on loopback only): set APPLOGS_INTERNAL_SECRET or APPLOGS_INTERNAL_TLS_* to protect it',
    );
  }
  new Logger('DataPlane').log(`internal AppLogsService listening on ${config.address} (namespace ${config.namespace}, at most ${config.maxStreams} streams)`);
  return app;
});

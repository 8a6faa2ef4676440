import 'reflect-metadata';
import {
  PinoNestLogger,
  appLogsGrpcOptions,
  appLogsHealthReporter,
  callerServerCredentials,
  certificatesLoaded,
  createLogger,
  isPlaintextInternal,
  listenAt,
  routeGrpcLogs,
  runService,
} from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthConfig } from './auth.config';
import { ControlPlaneConfig } from './control-plane.config';
import { ControlPlaneModule } from './control-plane.module';

runService('control plane', async () => {
  const config = new ControlPlaneConfig(process.env);
  const auth = new AuthConfig(process.env, config.address);
  const logger = createLogger('control-plane', config.logLevel);
  routeGrpcLogs(logger);
  const health = appLogsHealthReporter();
  const credentials = callerServerCredentials(config.callerTls, config.internal.refreshMs);
  const app = await NestFactory.createMicroservice(ControlPlaneModule.forRoot(config, logger, health, auth.createAuthenticator(logger)), {
    ...appLogsGrpcOptions(config.address, { health, credentials }),
    logger: new PinoNestLogger(logger),
  });
  await listenAt('APPLOGS_CONTROL_PLANE_ADDR', config.address, () => app.listen());
  await certificatesLoaded(credentials);
  if (isPlaintextInternal(config.internal)) {
    new Logger('ControlPlane').warn(
      'calling the data plane in plaintext without a secret (loopback only): set APPLOGS_INTERNAL_SECRET or APPLOGS_INTERNAL_TLS_* to protect it',
    );
  }
  new Logger('ControlPlane').log(`AppLogsService listening on ${config.address} (data plane ${config.dataPlaneUrl})`);
  return app;
});

import 'reflect-metadata';
import { ConnectTransport } from '@applogs/connect-transport';
import { file_flyteidl2_app_app_logs_service, AppLogsService } from '@applogs/proto';
import { PinoNestLogger, appLogsHealthReporter, createLogger, isPlaintextInternal, routeGrpcLogs, runService } from '@applogs/service-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthConfig } from './auth.config';
import { ControlPlaneConfig } from './control-plane.config';
import { ControlPlaneModule } from './control-plane.module';
import { planeSecurity } from './data-plane.client';
import { DataPlaneRouting } from './data-plane-routing';
import { viewerSite } from './viewer-site';

runService('control plane', async () => {
  const config = new ControlPlaneConfig(process.env);
  const auth = new AuthConfig(process.env, config.address);
  const logger = createLogger('control-plane', config.logLevel);
  routeGrpcLogs(logger);
  const health = appLogsHealthReporter();
  const transport = new ConnectTransport({
    address: config.address,
    addressVariable: 'APPLOGS_CONTROL_PLANE_ADDR',
    services: [AppLogsService],
    files: [file_flyteidl2_app_app_logs_service],
    health,
    tls: config.callerTls,
    refreshMs: config.internal.refreshMs,
    corsOrigins: config.corsOrigins,
    fallback: config.ui ? viewerSite() : undefined,
  });
  const routing = DataPlaneRouting.fromConfig(config, logger);
  const app = await NestFactory.createMicroservice(ControlPlaneModule.forRoot(config, logger, health, auth.createAuthenticator(logger), routing), {
    strategy: transport,
    logger: new PinoNestLogger(logger),
  });
  await app.listen();
  for (const route of routing.routes.filter((route) => isPlaintextInternal(planeSecurity(route, config.internal)))) {
    new Logger('ControlPlane').warn(
      `calling the data plane${routing.named ? ` ${route.name}` : ''} in plaintext without a secret (loopback only): set APPLOGS_INTERNAL_SECRET or APPLOGS_INTERNAL_TLS_* to protect it`,
    );
  }
  const protocols = config.callerTls ? 'gRPC, gRPC-Web and Connect over TLS' : 'gRPC, gRPC-Web and Connect, HTTP/1.1 and HTTP/2';
  const planes = routing.named
    ? `data planes ${routing.routes.map((route) => `${route.name} at ${route.url}`).join(', ')}`
    : `data plane ${config.dataPlaneUrl}`;
  new Logger('ControlPlane').log(`AppLogsService listening on ${config.address} (${protocols}; ${planes})`);
  return app;
});

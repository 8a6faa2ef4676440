import { Authenticator } from '@applogs/auth';
import { CallerCallRate } from '@applogs/relay';
import { HealthReporter, TelemetryModule } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogsController } from './app-logs.controller';
import { CallRateInterceptor } from './call-rate.interceptor';
import { CallerAuthInterceptor } from './caller-auth.interceptor';
import { ControlPlaneConfig } from './control-plane.config';
import { DataPlaneHealth } from './data-plane-health';
import { DataPlaneClient } from './data-plane.client';

/** A caller may start five seconds' worth of calls at once (a reconnect after a restart), then its rate. */
const CALL_BURST_SECONDS = 5;

@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig, logger: Logger, health: HealthReporter, authenticator: Authenticator): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [TelemetryModule.forRoot({ plane: 'control-plane', metricsAddress: config.metricsAddress, logger })],
      controllers: [AppLogsController],
      providers: [
        { provide: ControlPlaneConfig, useValue: config },
        DataPlaneClient,
        { provide: Authenticator, useValue: authenticator },
        CallerAuthInterceptor,
        { provide: CallerCallRate, useValue: new CallerCallRate(config.callRatePerCaller, config.callRatePerCaller * CALL_BURST_SECONDS) },
        CallRateInterceptor,
        { provide: HealthReporter, useValue: health },
        { provide: DataPlaneHealth, useFactory: () => new DataPlaneHealth(health, config.dataPlaneUrl, config.internal) },
      ],
    };
  }
}

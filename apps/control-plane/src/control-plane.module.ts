import { Authenticator } from '@applogs/auth';
import { CallerCallRate } from '@applogs/relay';
import { AppLogsMetrics, HealthReporter, TelemetryModule } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogsController } from './app-logs.controller';
import { CallRateInterceptor } from './call-rate.interceptor';
import { CallerAuthInterceptor } from './caller-auth.interceptor';
import { ControlPlaneConfig } from './control-plane.config';
import { DataPlaneHealth } from './data-plane-health';
import { DataPlaneRouting } from './data-plane-routing';
import { DataPlaneClient } from './data-plane.client';

/** A caller may start five seconds' worth of calls at once (a reconnect after a restart), then its rate. */
const CALL_BURST_SECONDS = 5;

@Module({})
export class ControlPlaneModule {
  static forRoot(config: ControlPlaneConfig, logger: Logger, health: HealthReporter, authenticator: Authenticator, routing: DataPlaneRouting): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        TelemetryModule.forRoot({
          plane: 'control-plane',
          metricsAddress: config.metricsAddress,
          metricsAddressVariable: 'APPLOGS_CONTROL_PLANE_METRICS_ADDR',
          logger,
          streamLabels: { names: ['data_plane'], of: (request) => ({ data_plane: routing.nameFor(request) }) },
        }),
      ],
      controllers: [AppLogsController],
      providers: [
        { provide: ControlPlaneConfig, useValue: config },
        { provide: DataPlaneRouting, useValue: routing },
        DataPlaneClient,
        { provide: Authenticator, useValue: authenticator },
        CallerAuthInterceptor,
        { provide: CallerCallRate, useValue: new CallerCallRate(config.callRatePerCaller, config.callRatePerCaller * CALL_BURST_SECONDS) },
        CallRateInterceptor,
        { provide: HealthReporter, useValue: health },
        {
          provide: DataPlaneHealth,
          inject: [AppLogsMetrics],
          useFactory: (metrics: AppLogsMetrics) => new DataPlaneHealth(health, routing, config.internal, metrics),
        },
      ],
    };
  }
}

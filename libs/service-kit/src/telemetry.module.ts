import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { AppLogsMetrics, boundPort, startMetricsServer } from './metrics';
import { APPLOGS_LOGGER, StreamTelemetryInterceptor } from './stream-telemetry.interceptor';

export interface TelemetryOptions {
  plane: 'control-plane' | 'data-plane';
  /** Where `/metrics` is served; undefined turns it off. */
  metricsAddress: string | undefined;
  logger: Logger;
}

const TELEMETRY_OPTIONS = Symbol('TelemetryOptions');

/** Metrics, the `/metrics` endpoint and the JSON logger of one plane, and the interceptor that feeds them. */
@Module({})
export class TelemetryModule implements OnModuleInit, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    @Inject(TELEMETRY_OPTIONS) private readonly options: TelemetryOptions,
    private readonly metrics: AppLogsMetrics,
  ) {}

  static forRoot(options: TelemetryOptions): DynamicModule {
    return {
      module: TelemetryModule,
      global: true,
      providers: [
        { provide: TELEMETRY_OPTIONS, useValue: options },
        { provide: AppLogsMetrics, useValue: new AppLogsMetrics(options.plane) },
        { provide: APPLOGS_LOGGER, useValue: options.logger },
        StreamTelemetryInterceptor,
      ],
      exports: [AppLogsMetrics, APPLOGS_LOGGER, StreamTelemetryInterceptor],
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.options.metricsAddress) return;
    this.server = await startMetricsServer(this.options.metricsAddress, this.metrics.registry);
    const host = this.options.metricsAddress.slice(0, this.options.metricsAddress.lastIndexOf(':'));
    this.options.logger.info({ event: 'metrics_listening', address: `${host}:${boundPort(this.server)}` }, 'metrics at /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

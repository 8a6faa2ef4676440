import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { listenAt } from './listen-address';
import { AppLogsMetrics, boundPort, startMetricsServer } from './metrics';
import { APPLOGS_LOGGER } from './logger';
import { STREAM_LABELS, StreamTelemetryInterceptor, type StreamLabels } from './stream-telemetry.interceptor';

export interface TelemetryOptions {
  plane: 'control-plane' | 'data-plane';
  /** Where `/metrics` is served; undefined turns it off. */
  metricsAddress: string | undefined;
  /** The variable that set it, for the error when it cannot be listened on. */
  metricsAddressVariable: string;
  logger: Logger;
  /** Labels of every stream metric and stream log record besides the target (the control plane's `data_plane`). */
  streamLabels?: StreamLabels;
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
        { provide: AppLogsMetrics, useValue: new AppLogsMetrics(options.plane, options.streamLabels?.names) },
        // null, not undefined: Nest takes a provider whose useValue is undefined for a class.
        { provide: STREAM_LABELS, useValue: options.streamLabels ?? null },
        { provide: APPLOGS_LOGGER, useValue: options.logger },
        StreamTelemetryInterceptor,
      ],
      exports: [AppLogsMetrics, APPLOGS_LOGGER, STREAM_LABELS, StreamTelemetryInterceptor],
    };
  }

  async onModuleInit(): Promise<void> {
    const address = this.options.metricsAddress;
    if (!address) return;
    this.server = await listenAt(this.options.metricsAddressVariable, address, () => startMetricsServer(address, this.metrics.registry));
    const host = address.slice(0, address.lastIndexOf(':'));
    this.options.logger.info({ event: 'metrics_listening', address: `${host}:${boundPort(this.server)}` }, 'metrics at /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

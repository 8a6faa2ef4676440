import { ApiAgent, AppLogStream, KubeApi, KubePodLogSource, ReplicaResolver } from '@applogs/k8s-logs';
import { AppLogsMetrics, HealthReporter, TelemetryModule } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataPlaneConfig } from './data-plane.config';
import { InternalAppLogsController } from './internal-app-logs.controller';
import { KubernetesHealth } from './kubernetes-health';
import { StreamLimitGuard } from './stream-limit.guard';
import { StreamSlots } from './stream-slots';

@Module({})
export class DataPlaneModule {
  static forRoot(config: DataPlaneConfig, logger: Logger, health: HealthReporter): DynamicModule {
    return {
      module: DataPlaneModule,
      imports: [
        TelemetryModule.forRoot({
          plane: 'data-plane',
          metricsAddress: config.metricsAddress,
          metricsAddressVariable: 'APPLOGS_DATA_PLANE_METRICS_ADDR',
          logger,
        }),
      ],
      controllers: [InternalAppLogsController],
      providers: [
        { provide: DataPlaneConfig, useValue: config },
        { provide: ApiAgent, useValue: new ApiAgent() },
        {
          provide: KubeApi,
          inject: [ApiAgent],
          useFactory: (apiAgent: ApiAgent) => new KubeApi(config.cluster.kubeConfig, apiAgent, config.kubeTimeoutMs),
        },
        {
          provide: AppLogStream,
          inject: [KubeApi, ApiAgent, AppLogsMetrics],
          useFactory: (kubeApi: KubeApi, apiAgent: ApiAgent, metrics: AppLogsMetrics) =>
            new AppLogStream(
              new ReplicaResolver(kubeApi, config.namespace),
              kubeApi,
              new KubePodLogSource(config.cluster.kubeConfig, apiAgent, {
                stallTimeoutMs: config.stallTimeoutMs,
                probeTimeoutMs: config.kubeTimeoutMs,
                requests: { opened: () => metrics.upstreamLogStreams.inc(), closed: () => metrics.upstreamLogStreams.dec() },
              }),
              {
                defaultTailLines: config.tailLines,
                maxTailLines: config.maxTailLines,
                maxLineBytes: config.maxLineBytes,
                retry: config.retry,
                keepAliveMs: config.keepAliveMs,
              },
            ),
        },
        { provide: StreamSlots, useValue: new StreamSlots(config.maxStreams, config.maxStreamsPerCaller) },
        StreamLimitGuard,
        { provide: HealthReporter, useValue: health },
        {
          provide: KubernetesHealth,
          inject: [KubeApi],
          useFactory: (kubeApi: KubeApi) => new KubernetesHealth(health, kubeApi, { namespace: config.namespace, intervalMs: config.healthIntervalMs }),
        },
      ],
    };
  }
}

import { ApiAgent, AppLogStream, KubeApi, KubePodLogSource, ReplicaResolver } from '@applogs/k8s-logs';
import { AppLogsMetrics, HealthReporter, TelemetryModule } from '@applogs/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { KubeConfig } from '@kubernetes/client-node';
import { DataPlaneConfig } from './data-plane.config';
import { InternalAppLogsController } from './internal-app-logs.controller';
import { KubernetesHealth } from './kubernetes-health';
import { StreamLimitInterceptor } from './stream-limit.interceptor';
import { StreamSlots } from './stream-slots';

const KUBE_CONFIG = Symbol('KubeConfig');

@Module({})
export class DataPlaneModule {
  static forRoot(config: DataPlaneConfig, logger: Logger, health: HealthReporter): DynamicModule {
    return {
      module: DataPlaneModule,
      imports: [
        TelemetryModule.forRoot({ plane: 'data-plane', metricsAddress: config.metricsAddress, metricsAddressVariable: 'APPLOGS_DATA_PLANE_METRICS_ADDR', logger }),
      ],
      controllers: [InternalAppLogsController],
      providers: [
        { provide: DataPlaneConfig, useValue: config },
        { provide: KUBE_CONFIG, useValue: config.cluster.kubeConfig },
        {
          provide: AppLogStream,
          inject: [KUBE_CONFIG, AppLogsMetrics],
          useFactory: (kubeConfig: KubeConfig, metrics: AppLogsMetrics) => {
            const apiAgent = new ApiAgent();
            const kubeApi = new KubeApi(kubeConfig, apiAgent, config.kubeTimeoutMs);
            return new AppLogStream(
              new ReplicaResolver(kubeApi, config.namespace),
              kubeApi,
              new KubePodLogSource(kubeConfig, apiAgent, {
                stallTimeoutMs: config.stallTimeoutMs,
                probeTimeoutMs: config.kubeTimeoutMs,
                requests: { opened: () => metrics.upstreamLogStreams.inc(), closed: () => metrics.upstreamLogStreams.dec() },
              }),
              { defaultTailLines: config.tailLines, maxTailLines: config.maxTailLines, maxLineBytes: config.maxLineBytes, retry: config.retry },
            );
          },
        },
        { provide: StreamSlots, useValue: new StreamSlots(config.maxStreams, config.maxStreamsPerCaller) },
        StreamLimitInterceptor,
        { provide: HealthReporter, useValue: health },
        {
          provide: KubernetesHealth,
          inject: [KUBE_CONFIG],
          useFactory: (kubeConfig: KubeConfig) =>
            new KubernetesHealth(health, kubeConfig, { namespace: config.namespace, intervalMs: config.healthIntervalMs }),
        },
      ],
    };
  }
}

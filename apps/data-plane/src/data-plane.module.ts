import { AppLogStream, KubeApi, KubePodLogSource, ReplicaResolver, loadKubeConfig } from '@applogs/k8s-logs';
import { Module, type DynamicModule } from '@nestjs/common';
import type { KubeConfig } from '@kubernetes/client-node';
import { DataPlaneConfig } from './data-plane.config';
import { InternalAppLogsController } from './internal-app-logs.controller';
import { StreamLimitInterceptor } from './stream-limit.interceptor';
import { StreamSlots } from './stream-slots';

const KUBE_CONFIG = Symbol('KubeConfig');

@Module({})
export class DataPlaneModule {
  static forRoot(config: DataPlaneConfig): DynamicModule {
    return {
      module: DataPlaneModule,
      controllers: [InternalAppLogsController],
      providers: [
        { provide: DataPlaneConfig, useValue: config },
        { provide: KUBE_CONFIG, useFactory: () => loadKubeConfig() },
        {
          provide: AppLogStream,
          inject: [KUBE_CONFIG],
          useFactory: (kubeConfig: KubeConfig) => {
            const kubeApi = new KubeApi(kubeConfig);
            return new AppLogStream(
              new ReplicaResolver(kubeApi, config.namespace),
              kubeApi,
              new KubePodLogSource(kubeConfig, config.stallTimeoutMs),
              { defaultTailLines: config.tailLines, maxTailLines: config.maxTailLines, retry: config.retry },
            );
          },
        },
        { provide: StreamSlots, useValue: new StreamSlots(config.maxStreams) },
        StreamLimitInterceptor,
      ],
    };
  }
}

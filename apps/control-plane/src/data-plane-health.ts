import { DataPlaneSet } from '@applogs/relay';
import {
  APP_LOGS_SERVICE_NAME,
  HealthFollower,
  HealthReporter,
  internalChannelCredentials,
  internalClientInterceptors,
  type AppLogsMetrics,
  type InternalSecurity,
} from '@applogs/service-kit';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { planeSecurity } from './data-plane.client';
import type { DataPlaneRouting } from './data-plane-routing';

interface FollowedPlane {
  name: string;
  reporter: HealthReporter;
  follower: HealthFollower;
}

/**
 * The control plane's health is its data planes': it watches each one's AppLogsService health and reports
 * SERVING while every one serves, NOT_SERVING while any cannot be reached or does not serve. An orchestrator
 * probing the control plane so learns that some logs cannot be served, whichever plane is at fault; which
 * plane it is, `applogs_data_plane_up{data_plane}` says (1 serving, 0 not).
 */
export class DataPlaneHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly up: Gauge;
  private readonly planes: DataPlaneSet<FollowedPlane>;
  private stopFollowing: () => void = () => undefined;

  constructor(
    private readonly reporter: HealthReporter,
    private readonly routing: DataPlaneRouting,
    internal: InternalSecurity,
    metrics: AppLogsMetrics,
  ) {
    this.up = new Gauge({
      name: 'applogs_data_plane_up',
      help: 'Whether a data plane serves (1) or cannot be reached or does not serve (0), by its name',
      labelNames: ['data_plane'],
      registers: [metrics.registry],
    });
    this.planes = new DataPlaneSet(
      (route) => {
        const security = planeSecurity(route, internal);
        const reporter = new HealthReporter([]);
        const follower = new HealthFollower(reporter, {
          address: route.url,
          service: APP_LOGS_SERVICE_NAME,
          target: routing.describe(route),
          credentials: internalChannelCredentials(security),
          interceptors: internalClientInterceptors(security),
        });
        reporter.onChange(() => this.report());
        follower.start();
        return { name: route.name, reporter, follower };
      },
      (plane) => {
        plane.follower.stop();
        this.up.remove({ data_plane: plane.name });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.follow(this.routing.routes);
    this.stopFollowing = this.routing.onChange((routes) => this.follow(routes));
  }

  onApplicationShutdown(): void {
    this.stopFollowing();
    this.planes.closeAll();
  }

  private follow(routes: DataPlaneRouting['routes']): void {
    this.planes.sync(routes);
    this.report();
  }

  private report(): void {
    const planes = this.planes.items();
    for (const plane of planes) this.up.set({ data_plane: plane.name }, plane.reporter.status === 'SERVING' ? 1 : 0);
    this.reporter.set(planes.every((plane) => plane.reporter.status === 'SERVING') ? 'SERVING' : 'NOT_SERVING');
  }
}

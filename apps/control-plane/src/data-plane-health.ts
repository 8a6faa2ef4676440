import {
  APP_LOGS_SERVICE_NAME,
  HealthFollower,
  internalChannelCredentials,
  internalClientInterceptors,
  type HealthReporter,
  type InternalSecurity,
} from '@applogs/service-kit';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * The control plane's health is the data plane's: it watches the data plane's AppLogsService health and
 * reports the same, and NOT_SERVING while the data plane cannot be reached. An orchestrator probing the
 * control plane so learns that logs cannot be served, whichever plane is at fault.
 */
export class DataPlaneHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly follower: HealthFollower;

  constructor(reporter: HealthReporter, dataPlaneUrl: string, internal?: InternalSecurity) {
    this.follower = new HealthFollower(reporter, {
      address: dataPlaneUrl,
      service: APP_LOGS_SERVICE_NAME,
      target: `the data plane at ${dataPlaneUrl}`,
      credentials: internal && internalChannelCredentials(internal),
      interceptors: internal && internalClientInterceptors(internal),
    });
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  onApplicationShutdown(): void {
    this.follower.stop();
  }
}

import { envAddress, envLogLevel, envOptionalAddress } from '@applogs/service-kit';

type Env = Record<string, string | undefined>;

/** Every setting of the control plane, read from the environment once at start-up and validated. */
export class ControlPlaneConfig {
  /** Where the public AppLogsService listens. */
  readonly address: string;
  /** The data plane's internal AppLogsService. */
  readonly dataPlaneUrl: string;
  /** Where Prometheus metrics are served (`/metrics`); undefined: off. */
  readonly metricsAddress: string | undefined;
  readonly logLevel: string;

  constructor(env: Env) {
    this.address = envAddress(env, 'APPLOGS_CONTROL_PLANE_ADDR', '127.0.0.1:8090');
    this.dataPlaneUrl = envAddress(env, 'APPLOGS_DATA_PLANE_URL', '127.0.0.1:8091');
    this.metricsAddress = envOptionalAddress(env, 'APPLOGS_CONTROL_PLANE_METRICS_ADDR', '127.0.0.1:9090');
    this.logLevel = envLogLevel(env, 'APPLOGS_LOG_LEVEL', 'info');
  }
}

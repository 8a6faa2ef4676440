import {
  ConfigError,
  envAddress,
  envBoolean,
  envCallerTls,
  envInteger,
  envInternalSecurity,
  envLogLevel,
  envOptionalAddress,
  envOrigins,
  type InternalSecurity,
  type TlsFiles,
} from '@applogs/service-kit';

type Env = Record<string, string | undefined>;

/** Every setting of the control plane, read from the environment once at start-up and validated. */
export class ControlPlaneConfig {
  /** Where the public AppLogsService listens. */
  readonly address: string;
  /** The routing file that names every data plane and the apps each serves; undefined: dataPlaneUrl alone. */
  readonly dataPlanesFile: string | undefined;
  /** The one data plane's internal AppLogsService, when there is no routing file. */
  readonly dataPlaneUrl: string;
  /** Where Prometheus metrics are served (`/metrics`); undefined: off. */
  readonly metricsAddress: string | undefined;
  readonly logLevel: string;
  /** How calls to the data plane are protected: mutual TLS and/or the shared secret. */
  readonly internal: InternalSecurity;
  /** The public port's certificate and key; undefined: plaintext. */
  readonly callerTls: TlsFiles | undefined;
  /** TailLogs calls a second one caller may start, sustained; bursts of five seconds' worth pass. */
  readonly callRatePerCaller: number;
  /** Web origins whose browsers may call the public port (CORS); empty: the same origin only. */
  readonly corsOrigins: string[];
  /** Whether the public port serves the browser viewer (`/`, `/logs`). */
  readonly ui: boolean;

  constructor(env: Env) {
    this.address = envAddress(env, 'APPLOGS_CONTROL_PLANE_ADDR', '127.0.0.1:8090');
    this.dataPlanesFile = env['APPLOGS_DATA_PLANES_FILE']?.trim() || undefined;
    if (this.dataPlanesFile && env['APPLOGS_DATA_PLANE_URL']?.trim()) {
      throw new ConfigError(
        'APPLOGS_DATA_PLANES_FILE and APPLOGS_DATA_PLANE_URL are both set: the file names every data plane, so unset APPLOGS_DATA_PLANE_URL',
      );
    }
    this.dataPlaneUrl = envAddress(env, 'APPLOGS_DATA_PLANE_URL', '127.0.0.1:8091');
    this.metricsAddress = envOptionalAddress(env, 'APPLOGS_CONTROL_PLANE_METRICS_ADDR', '127.0.0.1:9090');
    this.logLevel = envLogLevel(env, 'APPLOGS_LOG_LEVEL', 'info');
    this.internal = envInternalSecurity(env);
    this.callerTls = envCallerTls(env);
    // Below the 33 cancels a second one HTTP/2 connection of Node's server takes before it closes the connection:
    // a caller that cancels every call it may start stays within its own connection's budget.
    this.callRatePerCaller = envInteger(env, 'APPLOGS_MAX_CALL_RATE_PER_CALLER', 30, { min: 1, max: 1_000_000 });
    this.corsOrigins = envOrigins(env, 'APPLOGS_CORS_ORIGINS');
    this.ui = envBoolean(env, 'APPLOGS_UI', true);
  }
}

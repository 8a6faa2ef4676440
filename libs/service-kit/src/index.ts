export {
  ConfigError,
  envAddress,
  envBoolean,
  envDnsLabel,
  envInteger,
  envLogLevel,
  envOptionalAddress,
  envOrigins,
  isDnsLabel,
  isHostPort,
  isLoopbackAddress,
  splitHostPort,
} from './env-config';
export { TelemetryModule } from './telemetry.module';
export { appLogsGrpcOptions } from './grpc-options';
export { GrpcStatusFilter, type GrpcStatus } from './grpc-status.filter';
export { runService } from './run-service';
export { listenAt } from './listen-address';
export { streamForCall, whenCallEnds, type EndingCall, type StreamingCall } from './call-lifetime';
export { APPLOGS_LOGGER, createLogger, PinoNestLogger, routeGrpcLogs } from './logger';
export { AppLogsMetrics } from './metrics';
export { CALLER_METADATA, callerOf } from './caller-metadata';
export { StreamTelemetryInterceptor, type StreamLabels } from './stream-telemetry.interceptor';
export { APP_LOGS_SERVICE_NAME, HealthReporter, ServingStatus, appLogsHealthReporter } from './health';
export { PeriodicHealthProbe } from './health-probe';
export { HealthFollower } from './health-follower';
export { ServerReflection } from './reflection';
export { certificatesLoaded, internalChannelCredentials, internalServerCredentials } from './credentials';
export { INTERNAL_SECRET_METADATA, internalClientInterceptors } from './internal-secret';
export {
  checkedMutualTls,
  envCallerTls,
  envInternalSecurity,
  isPlaintextInternal,
  requireProtectedInternalAddress,
  type InternalSecurity,
  type TlsFiles,
} from './internal-security';
export { WatchedConfigFile, readConfigDocument, type ConfigFileReload } from './watched-config-file';

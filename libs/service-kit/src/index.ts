export { ConfigError, envAddress, envBoolean, envDnsLabel, envInteger, envLogLevel, envOptionalAddress, isLoopbackAddress } from './env-config';
export { TelemetryModule, type TelemetryOptions } from './telemetry.module';
export { appLogsGrpcOptions } from './grpc-options';
export { GrpcStatusFilter, grpcStatusOf, type GrpcStatus } from './grpc-status.filter';
export { runService } from './run-service';
export { listenAt } from './listen-address';
export { streamForCall, untilCancelled, type CancellableCall } from './call-lifetime';
export { APPLOGS_LOGGER, createLogger, PinoNestLogger, routeGrpcLogs } from './logger';
export { AppLogsMetrics, boundPort, startMetricsServer } from './metrics';
export { CALLER_METADATA } from './caller-metadata';
export { StreamTelemetryInterceptor } from './stream-telemetry.interceptor';
export { APP_LOGS_SERVICE_NAME, HealthReporter, ServingStatus, appLogsHealthReporter, type HealthStatus } from './health';
export { PeriodicHealthProbe, type HealthCheck, type HealthProbeOptions } from './health-probe';
export { HealthFollower, type HealthFollowerOptions } from './health-follower';
export { ServerReflection } from './reflection';
export { callerServerCredentials, certificatesLoaded, internalChannelCredentials, internalServerCredentials } from './credentials';
export { INTERNAL_SECRET_METADATA, internalClientInterceptors } from './internal-secret';
export {
  envCallerTls,
  envInternalSecurity,
  isPlaintextInternal,
  requireProtectedInternalAddress,
  type InternalSecurity,
  type TlsFiles,
} from './internal-security';

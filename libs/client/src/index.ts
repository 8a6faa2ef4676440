export { AppLogsClientModule } from './app-logs-client.module';
export {
  APP_LOGS_CLIENT_OPTIONS,
  type AppLogsClientModuleAsyncOptions,
  type AppLogsClientModuleOptions,
} from './app-logs-client.module-definition';
export type { AppLogsClientOptions } from './app-logs-client.options';
export { AppLogsClient } from './app-logs-client';
export { AppLogsClientError } from './errors';
export type { AppLogsEvent, LinesEvent, LogLine, ReplicaChangeEvent, ReplicaEventKind, ReplicaRef, ReplicasEvent } from './events';
export type { MetadataInit } from './metadata';
export type { AppId, TailOptions, TailTarget } from './tail-request';
export { formatRfc3339Nano, parseRfc3339, type LogTimestamp } from './timestamp';

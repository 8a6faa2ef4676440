// AppLogsClientModule: applogs' AppLogsClient (@applogs/client-grpc) as a Nest provider.
export { AppLogsClientModule } from './app-logs-client.module';
export { APP_LOGS_CLIENT_OPTIONS, type AppLogsClientModuleAsyncOptions, type AppLogsClientModuleOptions } from './app-logs-client.module-definition';
export { AppLogsClient, type AppLogsClientOptions, type MetadataInit, type TailCallOptions } from '@applogs/client-grpc';
export {
  AppLogsClientError,
  type AppId,
  type AppLogsEvent,
  type LinesEvent,
  type LogLine,
  type ReplicaChangeEvent,
  type ReplicaRef,
  type ReplicasEvent,
  type TailTarget,
} from '@applogs/client';

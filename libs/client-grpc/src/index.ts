// applogs' public API over gRPC from Node (grpc-js): the stub the CLI drives, and AppLogsClient (events as an
// Observable) for services. Framework-free; AppLogsClientModule (@applogs/client-nest) wraps it for Nest.
export { AppLogsClient, type TailCallOptions } from './app-logs-client';
export type { AppLogsClientOptions } from './app-logs-client-options';
export { createAppLogsStub, DEFAULT_CHANNEL_OPTIONS, type AppLogsStub, type AppLogsStubOptions } from './app-logs-stub';
export { callError } from './call-error';
export type { MetadataInit } from './metadata';

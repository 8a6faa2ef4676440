// applogs' public API over gRPC from Node (grpc-js): the stub the CLI drives, and AppLogsClient (events as an
// Observable) for services. Framework-free; AppLogsClientModule (@applogs/client-nest) wraps it for Nest.
export { AppLogsClient, type TailCallOptions } from './app-logs-client';
export type { AppLogsClientOptions } from './app-logs-client-options';
export { createAppLogsStub, type AppLogsStub } from './app-logs-stub';
export type { MetadataInit } from './metadata';

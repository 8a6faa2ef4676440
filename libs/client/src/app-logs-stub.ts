import * as grpc from '@grpc/grpc-js';
import { appLogsPackageDefinition, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';
import type { AppLogsClientOptions } from './app-logs-client.options';

/** The part of a grpc-js AppLogsService client AppLogsClient uses. */
export interface AppLogsStub {
  TailLogs(request: TailLogsRequest, metadata: grpc.Metadata): grpc.ClientReadableStream<TailLogsResponse>;
  close(): void;
}

/**
 * grpc-js starts every HTTP/2 connection with a 64 KiB receive window and never grows it: one batch of log
 * lines fills it, and the server then idles for a round trip per batch. The control plane and the CLI use
 * the same 4 MiB (the README's advice to callers that stream a lot).
 */
export const DEFAULT_CHANNEL_OPTIONS: grpc.ChannelOptions = { 'grpc-node.flow_control_window': 4 * 1024 * 1024 };

let serviceClient: grpc.ServiceClientConstructor | undefined;

/** The generated client class, from the .proto files with the project's one set of loader options; loaded once. */
function appLogsServiceClient(): grpc.ServiceClientConstructor {
  serviceClient ??= (grpc.loadPackageDefinition(appLogsPackageDefinition()) as any).flyteidl2.app.AppLogsService as grpc.ServiceClientConstructor;
  return serviceClient;
}

/** A plain grpc-js client (not Nest's ClientGrpc, whose Observable hides the call). It connects on the first call. */
export function createAppLogsStub(options: AppLogsClientOptions): AppLogsStub {
  const AppLogsService = appLogsServiceClient();
  return new AppLogsService(options.url, options.credentials ?? grpc.credentials.createInsecure(), {
    ...DEFAULT_CHANNEL_OPTIONS,
    ...options.channelOptions,
  }) as unknown as AppLogsStub;
}

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';

/** The part of a grpc-js AppLogsService client the tail command uses (a fake in unit tests). */
export interface AppLogsClient {
  TailLogs(request: TailLogsRequest): grpc.ClientReadableStream<TailLogsResponse>;
  close(): void;
}

/**
 * A plain grpc-js client of the control plane's public AppLogsService. With a `token`, every call carries
 * `authorization: Bearer <token>` (the control plane's token and jwt modes).
 */
export function appLogsClient(address: string, token?: string): AppLogsClient {
  const withToken: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
  const definition = protoLoader.loadSync(APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS);
  const AppLogsService = (grpc.loadPackageDefinition(definition) as any).flyteidl2.app.AppLogsService as grpc.ServiceClientConstructor;
  return new AppLogsService(address, grpc.credentials.createInsecure(), {
    // A chatty app fills the default 64 KiB HTTP/2 window in a blink; a larger one keeps lines flowing
    // while stdout is written (the README's advice to callers that stream a lot).
    'grpc-node.flow_control_window': 4 * 1024 * 1024,
    interceptors: token ? [withToken] : [],
  }) as unknown as AppLogsClient;
}

import * as grpc from '@grpc/grpc-js';
import { AppLogsService, grpcServiceDefinition, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';

/** The part of a grpc-js AppLogsService client that callers use. */
export interface AppLogsStub {
  TailLogs(request: TailLogsRequest, metadata?: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<TailLogsResponse>;
  close(): void;
}

export interface AppLogsStubOptions {
  /** The control plane's address, as grpc-js takes it: `host:port` (e.g. `applogs.flyte:8090`) or `dns:///host:port`. */
  url: string;
  /** Default: insecure (plaintext), as inside a cluster; `credentials.createSsl()` for TLS. */
  credentials?: grpc.ChannelCredentials;
  /** Sent as `authorization: Bearer <token>` on every call (the control plane's token and jwt modes). */
  token?: string;
  /** Channel options, over the default `'grpc-node.flow_control_window': 4 MiB`. */
  channelOptions?: grpc.ChannelOptions;
  /** Interceptors of every call, after the one that adds the token. */
  interceptors?: grpc.Interceptor[];
}

/**
 * grpc-js starts every HTTP/2 connection with a 64 KiB receive window and never grows it: one batch of log
 * lines fills it, and the server then idles for a round trip per batch. Every client of ours uses 4 MiB (the
 * README's advice to callers that stream a lot).
 */
export const DEFAULT_CHANNEL_OPTIONS: grpc.ChannelOptions = { 'grpc-node.flow_control_window': 4 * 1024 * 1024 };

const AppLogsServiceClient = grpc.makeGenericClientConstructor(grpcServiceDefinition(AppLogsService), AppLogsService.name);

/** A plain grpc-js client of AppLogsService (not Nest's ClientGrpc, whose Observable hides the call). It connects on the first call. */
export function createAppLogsStub(options: AppLogsStubOptions): AppLogsStub {
  const { token } = options;
  const interceptors = [...(token ? [bearerToken(token)] : []), ...(options.interceptors ?? [])];
  return new AppLogsServiceClient(options.url, options.credentials ?? grpc.credentials.createInsecure(), {
    ...DEFAULT_CHANNEL_OPTIONS,
    ...options.channelOptions,
    interceptors,
  }) as unknown as AppLogsStub;
}

function bearerToken(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

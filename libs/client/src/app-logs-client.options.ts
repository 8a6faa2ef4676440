import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { MetadataInit } from './metadata';

export interface AppLogsClientOptions {
  /** The control plane's address, as grpc-js takes it: `host:port` (e.g. `applogs.flyte:8090`) or `dns:///host:port`. */
  url: string;
  /** Channel options, over the default `'grpc-node.flow_control_window': 4 MiB`. */
  channelOptions?: ChannelOptions;
  /** Default: insecure (plaintext), as inside a cluster; `credentials.createSsl()` for TLS, with call credentials for tokens. */
  credentials?: ChannelCredentials;
  /** Metadata sent with every call (a call's own `metadata` option is put on top). */
  metadata?: MetadataInit;
}

import type { AppLogsStubOptions } from './app-logs-stub';
import type { MetadataInit } from './metadata';

export interface AppLogsClientOptions extends AppLogsStubOptions {
  /** Metadata sent with every call (a call's own `metadata` option is put on top). */
  metadata?: MetadataInit;
}

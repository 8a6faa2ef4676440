import type { Options } from '@grpc/proto-loader';
import * as path from 'node:path';

/** Folder holding the `.proto` files; also the include path for every import in them. */
export const PROTO_ROOT = path.resolve(__dirname, '../proto');

/** The service file, relative to PROTO_ROOT. */
export const APP_LOGS_SERVICE_PROTO = 'flyteidl2/app/app_logs_service.proto';

export const APP_LOGS_PACKAGE = 'flyteidl2.app';
export const APP_LOGS_SERVICE = 'AppLogsService';

/**
 * The one set of proto-loader options used by every server, client and test. The generated types in
 * ./generated assume them: snake_case keys, int64 as decimal strings, enums as names, defaults filled,
 * and a virtual field naming the set arm of each oneof.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

import { AppLogsClientError } from '@applogs/client';
import { Code } from '@applogs/proto';

/**
 * The AppLogsClientError of what a grpc-js call emits (a ServiceError): the server's code and details; the
 * ServiceError itself, with its trailing metadata, is the `cause`.
 */
export function callError(error: { code?: number; details?: string; message?: string }): AppLogsClientError {
  if (error instanceof AppLogsClientError) return error;
  return new AppLogsClientError(error.code ?? Code.UNKNOWN, error.details ?? error.message ?? String(error), { cause: error });
}

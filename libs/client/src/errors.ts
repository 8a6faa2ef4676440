import { Metadata, status } from '@grpc/grpc-js';

/**
 * Every way a TailLogs call of AppLogsClient fails: a status from the server (NOT_FOUND, INVALID_ARGUMENT,
 * UNAVAILABLE, …), an option this client cannot encode (INVALID_ARGUMENT, before any call is made), or the
 * client being closed under an open call (CANCELLED). One class, so callers branch on `code` alone.
 */
export class AppLogsClientError extends Error {
  override readonly name = 'AppLogsClientError';

  constructor(
    /** The gRPC status code, as in `status` of @grpc/grpc-js. */
    readonly code: status,
    /** The server's message for people (the status details), unchanged. */
    readonly details: string,
    /** Trailing metadata of the failed call, if any. */
    readonly metadata: Metadata = new Metadata(),
    options?: { cause?: unknown },
  ) {
    super(`${status[code] ?? `status ${code}`}: ${details}`, options);
  }

  /** From the error a grpc-js call emits (a ServiceError), keeping code, details and trailers. */
  static fromCallError(error: { code?: number; details?: string; message?: string; metadata?: Metadata }): AppLogsClientError {
    if (error instanceof AppLogsClientError) return error;
    return new AppLogsClientError(error.code ?? status.UNKNOWN, error.details ?? error.message ?? String(error), error.metadata ?? new Metadata(), {
      cause: error,
    });
  }
}

/** A caller's option this client refuses before calling; the server would answer the same code. */
export function invalidArgument(details: string): AppLogsClientError {
  return new AppLogsClientError(status.INVALID_ARGUMENT, details);
}

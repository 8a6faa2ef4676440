import { Code } from '@applogs/proto';

/**
 * Every way a TailLogs call of a client fails: a status from the server (NOT_FOUND, INVALID_ARGUMENT,
 * UNAVAILABLE, …), an option that cannot be sent (INVALID_ARGUMENT, before any call is made), or the client
 * being closed under an open call (CANCELLED). One class, so callers branch on `code` alone.
 */
export class AppLogsClientError extends Error {
  override readonly name = 'AppLogsClientError';

  constructor(
    /** The gRPC status code (google.rpc.Code; the same numbers as grpc-js's `status`). */
    readonly code: Code,
    /** The server's message for people (the status details), unchanged. */
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(`${Code[code] ?? `status ${code}`}: ${details}`, options);
  }
}

/** A caller's option the client refuses before calling; the server would answer the same code. */
export function invalidArgument(details: string): AppLogsClientError {
  return new AppLogsClientError(Code.INVALID_ARGUMENT, details);
}

import { Code } from '@applogs/proto';

/**
 * A failure the caller should see with a specific gRPC status. The apps map it to an RpcException at the
 * transport boundary; everything else that escapes is a bug and surfaces as INTERNAL.
 */
export class AppLogsError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'AppLogsError';
  }
}

/**
 * The Kubernetes API did not answer in time (no headers, no bytes): until it does, asking it anything else
 * would only wait as well, so whoever sees this retries rather than asks more.
 */
export class NoAnswerError extends AppLogsError {
  constructor(message: string) {
    super(Code.UNAVAILABLE, message);
    this.name = 'NoAnswerError';
  }
}

/**
 * Whether a replica's stream failed in a way that trying again may heal: Kubernetes answered with an error
 * status, or the connection to it failed, closed early or fell silent. Each of those becomes an AppLogsError
 * where it is seen (kubernetesFailure, unavailable, NoAnswerError); anything else that escapes a tail (a
 * TypeError, a RangeError) is a bug of ours, which a retry would only repeat.
 */
export function isKubernetesFailure(error: unknown): error is AppLogsError {
  return error instanceof AppLogsError;
}

export const invalidArgument = (message: string) => new AppLogsError(Code.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new AppLogsError(Code.NOT_FOUND, message);
export const failedPrecondition = (message: string) => new AppLogsError(Code.FAILED_PRECONDITION, message);
export const unimplemented = (message: string) => new AppLogsError(Code.UNIMPLEMENTED, message);
export const unavailable = (message: string) => new AppLogsError(Code.UNAVAILABLE, message);

/**
 * Maps an HTTP status from the Kubernetes API to the status our caller sees. 401/403 mean the data plane's
 * own credentials lack RBAC, which the caller cannot fix, so they are UNAVAILABLE rather than PERMISSION_DENIED.
 */
export function kubernetesFailure(httpStatus: number, what: string, detail: string): AppLogsError {
  switch (httpStatus) {
    case 404:
      return notFound(`${what}: ${detail}`);
    case 400:
      return failedPrecondition(`${what}: ${detail}`);
    case 401:
    case 403:
      return unavailable(`the data plane is not allowed to ${what}: ${detail}`);
    default:
      return unavailable(`Kubernetes API answered ${httpStatus} while trying to ${what}: ${detail}`);
  }
}

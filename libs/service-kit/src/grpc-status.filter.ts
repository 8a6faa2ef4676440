import { status } from '@grpc/grpc-js';
import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { inspect } from 'node:util';
import { throwError, type Observable } from 'rxjs';

export interface GrpcStatus {
  code: status;
  message: string;
}

/** An error that already says which gRPC status it is (ours, or one received from another gRPC server). */
function isGrpcStatus(error: unknown): error is { code: status; message: string; details?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code in status && typeof (error as Error).message === 'string';
}

/**
 * The boundary between our errors and the wire: every error a handler's stream ends with becomes a gRPC
 * status with a message a person can act on. Without it Nest turns anything but RpcException into
 * UNKNOWN "Internal server error".
 */
@Catch()
export class GrpcStatusFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcStatus');

  catch(error: unknown): Observable<never> {
    const grpcStatus = grpcStatusOf(error);
    if (grpcStatus.code === status.INTERNAL) this.logger.error(`call ended with INTERNAL: ${describeError(error)}`);
    return throwError(() => grpcStatus);
  }
}

/** For the log: a stack for our own errors, code and details for a status received from elsewhere. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  if (isGrpcStatus(error)) return `${status[error.code]} ${error.details ?? error.message}`;
  return inspect(error, { depth: 3, breakLength: Infinity });
}

/** The status a caller sees for an error: its own when it has one, INTERNAL (without details) otherwise. */
export function grpcStatusOf(error: unknown): GrpcStatus {
  if (error instanceof RpcException) {
    const inner = error.getError();
    return typeof inner === 'string' ? { code: status.UNKNOWN, message: inner } : (inner as GrpcStatus);
  }
  if (isGrpcStatus(error)) return { code: error.code, message: error.details ?? error.message };
  return { code: status.INTERNAL, message: 'internal error in applogs; the server log has the details' };
}

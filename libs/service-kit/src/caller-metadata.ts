import type { Metadata } from '@grpc/grpc-js';
import type { ExecutionContext } from '@nestjs/common';

/** The authenticated caller's name, which the control plane forwards to the data plane (metadata key). */
export const CALLER_METADATA = 'x-applogs-caller';

/** The caller's name a call carries (CALLER_METADATA), or undefined: a gRPC handler's context holds its metadata. */
export function callerOf(context: ExecutionContext): string | undefined {
  const value = context.switchToRpc().getContext<Metadata | undefined>()?.get?.(CALLER_METADATA)[0];
  return value === undefined ? undefined : String(value);
}

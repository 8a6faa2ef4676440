import * as grpc from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InternalSecurity } from './internal-security';

/** The metadata key carrying the shared secret from the control plane to the data plane. */
export const INTERNAL_SECRET_METADATA = 'x-applogs-internal-secret';

export const INTERNAL_SECRET_REFUSAL = 'this data plane only serves the control plane: missing or wrong internal secret';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when `presented` is the secret, compared in constant time (over digests, so lengths do not leak). */
export function isInternalSecret(expected: string, presented: unknown): boolean {
  const value = typeof presented === 'string' ? presented : Buffer.isBuffer(presented) ? presented.toString('utf8') : '';
  return timingSafeEqual(digest(expected), digest(value));
}

/**
 * A grpc-js server interceptor refusing, with UNAUTHENTICATED, every call (AppLogsService and reflection;
 * health is exempt) whose metadata lacks the shared secret. It runs before any handler, so a refused call
 * never reaches Nest.
 */
export function internalSecretServerInterceptor(secret: string): grpc.ServerInterceptor {
  return (method, call) =>
    // Health says SERVING or not, nothing more, and the kubelet's gRPC probes cannot send a secret.
    method.path.startsWith('/grpc.health.v1.Health/')
      ? new grpc.ServerInterceptingCall(call)
      : new grpc.ServerInterceptingCall(call, {
          start: (next) =>
            next({
              onReceiveMetadata: (metadata, forward) => {
                const presented = metadata.get(INTERNAL_SECRET_METADATA)[0];
                if (isInternalSecret(secret, presented)) forward(metadata);
                else call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: INTERNAL_SECRET_REFUSAL, metadata: new grpc.Metadata() });
              },
            }),
        });
}

/** A grpc-js client interceptor adding the shared secret to every call's metadata. */
export function internalSecretClientInterceptor(secret: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set(INTERNAL_SECRET_METADATA, secret);
        next(metadata, listener);
      },
    });
}

/** What the control plane adds to every call to the data plane (TailLogs and health). */
export function internalClientInterceptors(security: InternalSecurity): grpc.Interceptor[] {
  return security.secret ? [internalSecretClientInterceptor(security.secret)] : [];
}

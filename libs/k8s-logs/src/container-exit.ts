import { ContainerExitSchema, create, timestampOfNanos, type ContainerExit } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';

/**
 * How the container's previous instance ended, from the pod status's `lastState.terminated` (what
 * `kubectl describe pod` shows as "Last State"); undefined until the container has restarted once.
 */
export function lastExitOf(pod: V1Pod, container: string): ContainerExit | undefined {
  const terminated = pod.status?.containerStatuses?.find((status) => status.name === container)?.lastState?.terminated;
  if (!terminated) return undefined;
  const finishedAt = toDate(terminated.finishedAt);
  return create(ContainerExitSchema, {
    exitCode: terminated.exitCode,
    reason: terminated.reason ?? '',
    signal: terminated.signal ?? 0,
    ...(finishedAt && { finishedAt: timestampOfNanos(BigInt(finishedAt.getTime()) * 1_000_000n) }),
  });
}

/** For people: `exit 137 (OOMKilled)`, `exit 1 (Error, signal 9)`. */
export function describeExit(exit: ContainerExit): string {
  const details = [exit.reason, exit.signal ? `signal ${exit.signal}` : ''].filter(Boolean).join(', ');
  return `exit ${exit.exitCode}${details ? ` (${details})` : ''}`;
}

/** client-node turns RFC3339 fields into Dates; a pod built by hand may hold the string. */
function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

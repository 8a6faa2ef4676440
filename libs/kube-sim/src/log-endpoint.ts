import type { ServerResponse } from 'node:http';
import { FloodLines } from './flood-lines';
import { parseLogOptions, type LogOptions } from './log-options';
import { LogStream } from './log-stream';
import type { PodStore } from './pod-store';
import { isLive, type SimContainer, type SimPod } from './sim-pod';
import { podNotFound, sendStatus } from './status';
import type { LogRequestRecord } from './types';

export interface LogEndpointContext {
  store: PodStore;
  now(): bigint;
  recordRequest(record: LogRequestRecord): void;
  /** Called once a 200 log response has started, so the sim can count it until it closes. */
  streamStarted(res: ServerResponse): void;
  /** Lines slow readers lost to log trimming, summed over all streams. */
  linesSkipped(lines: number): void;
  /** A stream's reader stopped or resumed taking data. */
  streamStalled(res: ServerResponse, stalled: boolean): void;
}

/** Container choice and its error texts follow the apiserver's pods/log REST handler. */
function selectContainer(pod: SimPod, requested: string | undefined): SimContainer | string {
  if (requested === undefined) {
    if (pod.containers.length === 1) return pod.containers[0];
    const names = pod.containers.map((c) => c.name).join(' ');
    return `a container name must be specified for pod ${pod.name}, choose one of: [${names}]`;
  }
  const found = pod.containers.find((c) => c.name === requested);
  return found ?? `container ${requested} is not valid for pod ${pod.name}`;
}

export function handleLogRequest(
  ctx: LogEndpointContext,
  res: ServerResponse,
  namespace: string,
  podName: string,
  query: URLSearchParams,
): void {
  ctx.recordRequest({
    namespace,
    pod: podName,
    container: query.get('container') ?? undefined,
    query: Object.fromEntries(query.entries()),
    clientPort: res.socket?.remotePort,
  });

  let options: LogOptions;
  try {
    options = parseLogOptions(query, ctx.now());
  } catch (err) {
    sendStatus(res, 'BadRequest', (err as Error).message, { name: podName, kind: 'pods' });
    return;
  }
  const pod = ctx.store.getPod(namespace, podName);
  if (!pod) {
    podNotFound(res, podName);
    return;
  }
  const container = selectContainer(pod, options.container);
  if (typeof container === 'string') {
    sendStatus(res, 'BadRequest', container, { name: podName, kind: 'pods' });
    return;
  }
  if (container.state === 'waiting') {
    // A waiting container has no log file yet, so the kubelet refuses rather than streaming nothing.
    const message = `container "${container.name}" in pod "${pod.name}" is waiting to start: ${container.waitingReason}`;
    sendStatus(res, 'BadRequest', message, { name: podName, kind: 'pods' });
    return;
  }

  // No Content-Length: Node frames the body with chunked transfer encoding, like the kubelet proxy.
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.flushHeaders();
  ctx.streamStarted(res);

  // A finished container's log is complete: follow=true just reads it to the end, like the kubelet.
  const follow = options.follow && isLive(pod, container);
  const flood = follow && container.flood
    ? new FloodLines(pod.name, container.name, container.generated + 1, container.log.clock, options.timestamps)
    : undefined;
  new LogStream(res, container.log, options, {
    follow,
    flood,
    onSkip: (n) => ctx.linesSkipped(n),
    onStall: (stalled) => ctx.streamStalled(res, stalled),
  }).start();
}

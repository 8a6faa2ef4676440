import type { ServerResponse } from 'node:http';
import { EndlessLine } from './endless-line';
import { FloodLines } from './flood-lines';
import { podKey, type LogFaults } from './log-faults';
import { parseLogOptions, type LogOptions } from './log-options';
import { LogStream } from './log-stream';
import type { PodStore } from './pod-store';
import { isLive, type SimContainer, type SimPod } from './sim-pod';
import { anyGate, type Gate } from './stall-gate';
import { podNotFound, sendStatus, sendStatusCode } from './status';
import type { LogRequestRecord } from './types';

export interface LogEndpointContext {
  store: PodStore;
  faults: LogFaults;
  now(): bigint;
  recordRequest(record: LogRequestRecord): void;
  /** Called once a 200 log response has started, so the sim can count it (per pod) until it closes. */
  streamStarted(res: ServerResponse, pod: string): void;
  /** Lines slow readers lost to log trimming, summed over all streams. */
  linesSkipped(lines: number): void;
  /** A stream's reader stopped or resumed taking data. */
  streamStalled(res: ServerResponse, stalled: boolean): void;
  /** Stalled while the whole API server is frozen: open responses send nothing. */
  apiGate: Gate;
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

export function handleLogRequest(ctx: LogEndpointContext, res: ServerResponse, namespace: string, podName: string, query: URLSearchParams): void {
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
  answer(ctx, res, namespace, podName, options);
}

/** Everything after option parsing; runs again on resume when the request arrived at a stalled pod. */
function answer(ctx: LogEndpointContext, res: ServerResponse, namespace: string, podName: string, options: LogOptions): void {
  if (res.destroyed) return;
  // The apiserver's part: find the pod and container, and find a node to ask.
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
  if (pod.nodeName === '') {
    // No node to proxy to: the apiserver answers an empty 204 rather than an error.
    res.writeHead(204);
    res.end();
    return;
  }

  // The kubelet's part, where injected faults live.
  const key = podKey(namespace, podName);
  const gate = ctx.faults.gate(key);
  if (gate.stalled()) {
    const cancel = gate.whenResumed(() => answer(ctx, res, namespace, podName, options));
    res.on('close', cancel);
    return;
  }
  const failure = ctx.faults.takeFailure(key);
  if (failure) {
    sendStatusCode(res, failure.status, failure.message, { name: podName, kind: 'pods' });
    return;
  }
  let log = container.log;
  if (options.previous) {
    if (!container.previousLog) {
      sendStatus(res, 'BadRequest', `previous terminated container "${container.name}" in pod "${pod.name}" not found`, { name: podName, kind: 'pods' });
      return;
    }
    log = container.previousLog;
  } else if (container.state === 'waiting') {
    // A waiting container has no log file yet, so the kubelet refuses rather than streaming nothing.
    const message = `container "${container.name}" in pod "${pod.name}" is waiting to start: ${container.waitingReason}`;
    sendStatus(res, 'BadRequest', message, { name: podName, kind: 'pods' });
    return;
  }

  // No Content-Length: Node frames the body with chunked transfer encoding, like the kubelet proxy.
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.flushHeaders();
  ctx.streamStarted(res, key);

  // A finished container's log is complete: follow=true just reads it to the end, like the kubelet.
  const follow = options.follow && !options.previous && isLive(pod, container);
  const lineEnd = container.lineEnding === 'crlf' ? '\r\n' : '\n';
  const flood =
    !follow || !container.flood
      ? undefined
      : container.flood === 'no-newlines'
        ? new EndlessLine(log.clock, options.timestamps)
        : new FloodLines(pod.name, container.name, container.generated + 1, log.clock, options.timestamps, lineEnd);
  const ownGate = ctx.faults.streamGate(key, (forget) => res.on('close', forget));
  new LogStream(res, log, options, {
    follow,
    flood,
    lineEnd,
    gate: anyGate([gate, ownGate, ctx.apiGate]),
    onSkip: (n) => ctx.linesSkipped(n),
    onStall: (stalled) => ctx.streamStalled(res, stalled),
  }).start();
}

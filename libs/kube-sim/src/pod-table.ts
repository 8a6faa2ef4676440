import { podJson, podMetadata } from './pod-json';
import type { PodView } from './sim-pod';
import { isLive } from './sim-pod';
import { NANOS_PER_SECOND } from './nano-time';

type Json = Record<string, unknown>;

/** kubectl asks for server-side printing with this Accept header; without it, it wants plain objects. */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '');
}

const COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
  { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
  { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted.', priority: 0 },
  {
    name: 'Age',
    type: 'string',
    format: '',
    description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
    priority: 0,
  },
  { name: 'IP', type: 'string', format: '', description: 'IP address allocated to the pod.', priority: 1 },
  { name: 'Node', type: 'string', format: '', description: 'Name of the node the pod is scheduled on.', priority: 1 },
];

/** Same rounding idea as apimachinery's duration.HumanDuration, trimmed to what a short-lived sim needs. */
export function humanAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** The STATUS column: a container's waiting/terminated reason wins over the phase, as kubectl's printer does. */
function statusColumn(pod: PodView): string {
  // An unscheduled pod shows its phase: the kubelet has not reported any container yet.
  if (pod.nodeName === '') return pod.phase;
  let reason: string = pod.phase;
  for (const c of pod.containers) {
    if (c.state === 'waiting') reason = c.waitingReason;
    if (c.state === 'terminated') reason = pod.phase === 'Failed' ? 'Error' : 'Completed';
  }
  return reason;
}

function ageSince(ns: bigint, nowNs: bigint): string {
  return humanAge(Number((nowNs - ns) / NANOS_PER_SECOND));
}

/** The RESTARTS column: total restarts, and since 1.22 how long ago the last one was, e.g. `1 (5s ago)`. */
function restartsColumn(pod: PodView, nowNs: bigint): string {
  const restarts = pod.containers.reduce((sum, c) => sum + c.restartCount, 0);
  const finished = pod.containers.map((c) => c.lastTerminated?.finishedNs ?? 0n).reduce((a, b) => (a > b ? a : b), 0n);
  return finished > 0n ? `${restarts} (${ageSince(finished, nowNs)} ago)` : String(restarts);
}

function row(pod: PodView, nowNs: bigint, includeObject: string): Json {
  const ready = pod.containers.filter((c) => isLive(pod, c)).length;
  const scheduled = pod.nodeName !== '';
  const cells = [
    pod.name,
    `${ready}/${pod.containers.length}`,
    statusColumn(pod),
    restartsColumn(pod, nowNs),
    ageSince(pod.createdNs, nowNs),
    scheduled ? pod.podIP : '<none>',
    scheduled ? pod.nodeName : '<none>',
  ];
  if (includeObject === 'None') return { cells };
  const object = includeObject === 'Object' ? podJson(pod) : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: podMetadata(pod) };
  return { cells, object };
}

/** meta.k8s.io/v1 Table, what `kubectl get pods` renders when it asked for as=Table. */
export function podTableJson(pods: readonly PodView[], resourceVersion: string, nowNs: bigint, includeObject = 'Metadata'): Json {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: COLUMNS,
    rows: pods.map((p) => row(p, nowNs, includeObject)),
  };
}

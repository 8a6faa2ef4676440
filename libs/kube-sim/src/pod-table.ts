import { podJson, podMetadata } from './pod-json';
import type { SimPod } from './sim-pod';
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
  { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
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
function statusColumn(pod: SimPod): string {
  let reason: string = pod.phase;
  for (const c of pod.containers) {
    if (c.state === 'waiting') reason = c.waitingReason;
    if (c.state === 'terminated') reason = pod.phase === 'Failed' ? 'Error' : 'Completed';
  }
  return reason;
}

function row(pod: SimPod, nowNs: bigint, includeObject: string): Json {
  const ready = pod.containers.filter((c) => isLive(pod, c)).length;
  const cells = [
    pod.name,
    `${ready}/${pod.containers.length}`,
    statusColumn(pod),
    '0',
    humanAge(Number((nowNs - pod.createdNs) / NANOS_PER_SECOND)),
    pod.podIP,
    pod.nodeName,
  ];
  if (includeObject === 'None') return { cells };
  const object =
    includeObject === 'Object'
      ? podJson(pod)
      : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: podMetadata(pod) };
  return { cells, object };
}

/** meta.k8s.io/v1 Table, what `kubectl get pods` renders when it asked for as=Table. */
export function podTableJson(pods: readonly SimPod[], resourceVersion: string, nowNs: bigint, includeObject = 'Metadata'): Json {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: COLUMNS,
    rows: pods.map((p) => row(p, nowNs, includeObject)),
  };
}

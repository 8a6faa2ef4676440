import { randomBytes, randomUUID } from 'node:crypto';
import { ContainerLog } from './container-log';
import { generatedLineText } from './line-text';
import { NanoClock } from './nano-time';
import type { ContainerSpec, LineEnding, LineStyle, PodSpec } from './types';

export type ContainerState = 'running' | 'waiting' | 'terminated';
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** How a container instance exits in a simulated crash: `{ exitCode: 137, reason: 'OOMKilled' }`. */
export interface ContainerEnd {
  exitCode: number;
  reason: string;
  /** The signal that killed it, when the runtime reports one. */
  signal?: number;
}

/** A crash unless told otherwise: what a process that exits with status 1 shows. */
export const CRASH: ContainerEnd = { exitCode: 1, reason: 'Error' };

/** What the kubelet remembers of a container instance that exited (status.lastState.terminated). */
export interface TerminatedInstance extends ContainerEnd {
  startedNs: bigint;
  finishedNs: bigint;
  containerID: string;
}

export interface SimContainer {
  name: string;
  image: string;
  state: ContainerState;
  waitingReason: string;
  /** The current instance; a restart replaces it along with `log`. */
  containerID: string;
  /** state.running.startedAt of the current instance. */
  startedNs: bigint;
  restartCount: number;
  lastTerminated?: TerminatedInstance;
  /** The previous instance's (closed) log, what `previous=true` reads; the kubelet keeps only one. */
  previousLog?: ContainerLog;
  ratePerSecond: number;
  lineStyle: LineStyle;
  /** See ContainerSpec.lineBytes. */
  lineBytes: number | undefined;
  lineEnding: LineEnding;
  /** Follow readers get endless generated lines, or one endless line; see ContainerSpec.flood. */
  flood: boolean | 'no-newlines';
  /** How many generated lines exist so far, so generation continues the numbering after history. */
  generated: number;
  log: ContainerLog;
}

export interface SimPod {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  phase: PodPhase;
  createdNs: bigint;
  resourceVersion: string;
  podIP: string;
  /** '' until the pod is scheduled; the apiserver answers log requests for such a pod with 204. */
  nodeName: string;
  containers: SimContainer[];
}

export const NODE_NAME = 'kube-sim-node';

export interface PodContext {
  clock: NanoClock;
  ordinal: number;
  defaultLineStyle: LineStyle;
}

/** A finished pod's containers have exited and a pending pod's have not started, unless the spec says otherwise. */
function defaultState(phase: PodPhase): ContainerState {
  if (phase === 'Succeeded' || phase === 'Failed') return 'terminated';
  if (phase === 'Pending') return 'waiting';
  return 'running';
}

function podIP(ordinal: number): string {
  return `10.0.${Math.floor(ordinal / 254) % 256}.${(ordinal % 254) + 1}`;
}

export function newContainerID(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

function createContainer(spec: ContainerSpec, podName: string, phase: PodPhase, createdNs: bigint, ctx: PodContext): SimContainer {
  const lineStyle = spec.lineStyle ?? ctx.defaultLineStyle;
  const history = Math.max(0, Math.floor(spec.history ?? 0));
  const log = new ContainerLog(ctx.clock);
  log.seedHistory(Array.from({ length: history }, (_, i) => generatedLineText(lineStyle, podName, spec.name, i + 1, spec.lineBytes)));
  return {
    name: spec.name,
    image: `example.com/${spec.name}:latest`,
    state: spec.state ?? defaultState(phase),
    waitingReason: spec.waitingReason ?? 'ContainerCreating',
    containerID: newContainerID(),
    startedNs: createdNs,
    restartCount: 0,
    ratePerSecond: Math.max(0, spec.ratePerSecond ?? 0),
    lineStyle,
    lineBytes: spec.lineBytes,
    lineEnding: spec.lineEnding ?? 'lf',
    flood: spec.flood ?? false,
    generated: history,
    log,
  };
}

export function createSimPod(spec: PodSpec, namespace: string, ctx: PodContext): SimPod {
  if (!spec.name) throw new Error('pod spec needs a name');
  if (!spec.containers || spec.containers.length === 0) throw new Error(`pod ${spec.name} needs at least one container`);
  const names = new Set(spec.containers.map((c) => c.name));
  if (names.size !== spec.containers.length) throw new Error(`pod ${spec.name} has duplicate container names`);
  const phase = spec.phase ?? 'Running';
  if (spec.scheduled === false && phase !== 'Pending') throw new Error(`pod ${spec.name}: only a Pending pod can be unscheduled`);
  const createdNs = ctx.clock.now();
  return {
    name: spec.name,
    namespace,
    uid: randomUUID(),
    labels: { ...(spec.labels ?? {}) },
    phase,
    createdNs,
    // The store assigns the real one when the pod is added.
    resourceVersion: '0',
    podIP: podIP(ctx.ordinal),
    nodeName: spec.scheduled === false ? '' : NODE_NAME,
    containers: spec.containers.map((c) => createContainer(c, spec.name, phase, createdNs, ctx)),
  };
}

/** What the API shows of a container: its status, not its logs. */
export type ContainerView = Omit<SimContainer, 'log' | 'previousLog'>;

/** What the API shows of a pod; a live SimPod is one too. */
export type PodView = Omit<SimPod, 'containers'> & { readonly containers: readonly ContainerView[] };

function containerView(c: SimContainer): ContainerView {
  const view: Partial<SimContainer> = { ...c };
  // A snapshot in the watch history must not keep a deleted pod's (large) logs reachable.
  delete view.log;
  delete view.previousLog;
  return view as ContainerView;
}

/**
 * A copy for the watch history: the event must show the pod as it was then. Shallow per container
 * is enough because mutations replace fields (lastTerminated) rather than editing them.
 */
export function snapshotPod(pod: SimPod): PodView {
  return { ...pod, labels: { ...pod.labels }, containers: pod.containers.map(containerView) };
}

/** Only a running container in a running pod produces new lines or keeps a follow stream open. */
export function isLive(pod: PodView, container: ContainerView): boolean {
  return pod.phase === 'Running' && container.state === 'running';
}

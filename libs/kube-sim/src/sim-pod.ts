import { randomBytes, randomUUID } from 'node:crypto';
import { ContainerLog } from './container-log';
import { generatedLineText } from './line-text';
import { NanoClock } from './nano-time';
import type { ContainerSpec, LineStyle, PodSpec } from './types';

export type ContainerState = 'running' | 'waiting' | 'terminated';
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface SimContainer {
  name: string;
  image: string;
  state: ContainerState;
  waitingReason: string;
  containerID: string;
  ratePerSecond: number;
  lineStyle: LineStyle;
  /** Follow readers get endless generated lines; see ContainerSpec.flood. */
  flood: boolean;
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
  nodeName: string;
  containers: SimContainer[];
}

export interface PodContext {
  clock: NanoClock;
  resourceVersion: string;
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

function createContainer(spec: ContainerSpec, podName: string, phase: PodPhase, ctx: PodContext): SimContainer {
  const lineStyle = spec.lineStyle ?? ctx.defaultLineStyle;
  const history = Math.max(0, Math.floor(spec.history ?? 0));
  const log = new ContainerLog(ctx.clock);
  log.seedHistory(Array.from({ length: history }, (_, i) => generatedLineText(lineStyle, podName, spec.name, i + 1)));
  return {
    name: spec.name,
    image: `example.com/${spec.name}:latest`,
    state: spec.state ?? defaultState(phase),
    waitingReason: spec.waitingReason ?? 'ContainerCreating',
    containerID: `containerd://${randomBytes(32).toString('hex')}`,
    ratePerSecond: Math.max(0, spec.ratePerSecond ?? 0),
    lineStyle,
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
  return {
    name: spec.name,
    namespace,
    uid: randomUUID(),
    labels: { ...(spec.labels ?? {}) },
    phase,
    createdNs: ctx.clock.now(),
    resourceVersion: ctx.resourceVersion,
    podIP: podIP(ctx.ordinal),
    nodeName: 'kube-sim-node',
    containers: spec.containers.map((c) => createContainer(c, spec.name, phase, ctx)),
  };
}

/** Only a running container in a running pod produces new lines or keeps a follow stream open. */
export function isLive(pod: SimPod, container: SimContainer): boolean {
  return pod.phase === 'Running' && container.state === 'running';
}

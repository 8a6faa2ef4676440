import { arr, int, obj, optBool, optInt, optStr, str, type Args } from './control-args';
import type { KubeSim } from './kube-sim-server';
import type { ContainerEnd } from './sim-pod';
import type { AppendedLine, KnativeAppSpec, PodSpec } from './types';

type Action = (sim: KubeSim, args: Args, namespace: string | undefined) => Record<string, unknown>;

/**
 * The pod an action targets: `pod` by name, or `service` (+ `replica`, an index into the current
 * revision's pods, oldest first, default 0) for scenarios that cannot know the random pod names.
 */
function targetPod(sim: KubeSim, args: Args, namespace: string | undefined): string {
  if (args.pod !== undefined) return str(args, 'pod');
  if (args.service === undefined) throw new Error('"pod" or "service" is required');
  const pods = sim.appPods(str(args, 'service'), namespace);
  const replica = optInt(args, 'replica') ?? 0;
  if (replica < 0 || replica >= pods.length) throw new Error(`replica ${replica} out of range: app ${String(args.service)} has ${pods.length} pods`);
  return pods[replica];
}

/** Runs `change` on the target pod and reports which pod that was. */
function onPod(change: (sim: KubeSim, pod: string, args: Args, namespace: string | undefined) => Record<string, unknown> | void): Action {
  return (sim, args, namespace) => {
    const pod = targetPod(sim, args, namespace);
    return { pod, ...(change(sim, pod, args, namespace) ?? {}) };
  };
}

/** How a restarted container's old instance exited: `exitCode` and `reason` (both or neither), `signal` optional. */
function containerEnd(args: Args): ContainerEnd | undefined {
  const exitCode = optInt(args, 'exitCode');
  const reason = optStr(args, 'reason');
  if (exitCode === undefined && reason === undefined) return undefined;
  if (exitCode === undefined || reason === undefined) throw new Error('"exitCode" and "reason" go together, e.g. 137 and "OOMKilled"');
  const signal = optInt(args, 'signal');
  return { exitCode, reason, ...(signal !== undefined && { signal }) };
}

const ACTIONS: Record<string, Action> = {
  addApp: (sim, args) => ({ added: sim.addApp(obj(args, 'spec') as unknown as KnativeAppSpec) }),
  addPod: (sim, args, ns) => {
    sim.addPod(obj(args, 'spec') as unknown as PodSpec, ns);
    return {};
  },
  scaleApp: (sim, args, ns) => {
    const service = str(args, 'service');
    const before = new Set(sim.appPods(service, ns));
    const names = sim.scaleApp(service, int(args, 'replicas'), ns, { pending: optBool(args, 'pending') });
    return { added: names.filter((n) => !before.has(n)), removed: names.filter((n) => before.has(n)) };
  },
  rollout: (sim, args, ns) => ({ ...sim.rollout(str(args, 'service'), ns) }),
  schedulePod: onPod((sim, pod, _args, ns) => sim.schedulePod(pod, ns)),
  startPod: onPod((sim, pod, _args, ns) => sim.startPod(pod, ns)),
  deletePod: onPod((sim, pod, _args, ns) => sim.deletePod(pod, ns)),
  labelPod: onPod((sim, pod, args, ns) => sim.labelPod(pod, obj(args, 'labels') as Record<string, string | null>, ns)),
  restartContainer: onPod((sim, pod, args, ns) => sim.restartContainer(pod, str(args, 'container'), ns, containerEnd(args))),
  appendLines: onPod((sim, pod, args, ns) => ({
    lines: sim.appendLines(pod, str(args, 'container'), arr(args, 'lines') as Array<string | AppendedLine>, ns),
  })),
  failLogRequests: onPod((sim, pod, args, ns) =>
    sim.failLogRequests(pod, { status: int(args, 'status'), count: int(args, 'count'), message: optStr(args, 'message') }, ns),
  ),
  resetLogStreams: onPod((sim, pod, _args, ns) => ({ reset: sim.resetLogStreams(pod, ns) })),
  stallLogStreams: onPod((sim, pod, _args, ns) => sim.stallLogStreams(pod, ns)),
  resumeLogStreams: onPod((sim, pod, _args, ns) => sim.resumeLogStreams(pod, ns)),
  stallOpenLogStreams: onPod((sim, pod, _args, ns) => sim.stallOpenLogStreams(pod, ns)),
  expireWatchHistory: (sim) => {
    sim.expireWatchHistory();
    return {};
  },
  endWatchesAtOnce: (sim, args) => {
    sim.endWatchesAtOnce(optInt(args, 'count'));
    return {};
  },
  freezeApi: (sim) => {
    sim.freezeApi();
    return {};
  },
  thawApi: (sim) => {
    sim.thawApi();
    return {};
  },
};

export const CONTROL_ACTIONS: readonly string[] = Object.keys(ACTIONS);

export function isControlAction(name: unknown): boolean {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** Runs `{ action, ...args }` against the sim; throws with a message for the caller's 400. */
export function runControlAction(sim: KubeSim, body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the body must be a JSON object');
  const args = body as Args;
  if (!isControlAction(args.action)) throw new Error(`unknown action ${JSON.stringify(args.action)}; one of: ${CONTROL_ACTIONS.join(', ')}`);
  return ACTIONS[args.action as string](sim, args, optStr(args, 'namespace'));
}

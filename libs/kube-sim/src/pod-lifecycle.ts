import { ContainerLog } from './container-log';
import type { NanoClock } from './nano-time';
import { CRASH, newContainerID, NODE_NAME, type ContainerEnd, type SimContainer, type SimPod } from './sim-pod';

/**
 * State changes the scheduler and kubelet make to a pod. Each mutates the pod in place; the caller
 * wraps it in PodStore.updatePod so it becomes one MODIFIED watch event.
 */

export function findContainer(pod: SimPod, name: string): SimContainer {
  const found = pod.containers.find((c) => c.name === name);
  if (!found) throw new Error(`container ${name} is not valid for pod ${pod.name}`);
  return found;
}

/** The scheduler bound the pod to a node; its containers are still being created. */
export function schedule(pod: SimPod): void {
  if (pod.nodeName !== '') throw new Error(`pod ${pod.name} is already scheduled on ${pod.nodeName}`);
  pod.nodeName = NODE_NAME;
}

/** Schedules the pod if needed and starts every container now. */
export function start(pod: SimPod, clock: NanoClock): void {
  if (pod.phase !== 'Pending') throw new Error(`pod ${pod.name} is ${pod.phase}, not Pending`);
  if (pod.nodeName === '') schedule(pod);
  pod.phase = 'Running';
  const now = clock.now();
  for (const c of pod.containers) {
    c.state = 'running';
    c.startedNs = now;
  }
}

/**
 * A crash and restart: the kubelet keeps the exited instance's log for `previous=true` and starts
 * the new instance with an empty log. Closing the old log ends follow streams on it cleanly,
 * since the kubelet pinned them to the old container. `end` is how the old instance exited (lastState.terminated).
 */
export function restart(pod: SimPod, container: SimContainer, clock: NanoClock, end: ContainerEnd = CRASH): void {
  if (pod.phase !== 'Running' || container.state !== 'running') {
    throw new Error(`container ${container.name} in pod ${pod.name} is not running`);
  }
  const now = clock.now();
  container.log.close();
  container.previousLog = container.log;
  container.log = new ContainerLog(clock);
  container.lastTerminated = { ...end, startedNs: container.startedNs, finishedNs: now, containerID: container.containerID };
  container.containerID = newContainerID();
  container.startedNs = now;
  container.restartCount++;
}

/** A metadata merge patch of labels: null removes a key, like `kubectl label pod key-`. */
export function relabel(pod: SimPod, labels: Readonly<Record<string, string | null>>): void {
  const next = { ...pod.labels };
  for (const [key, value] of Object.entries(labels)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  pod.labels = next;
}

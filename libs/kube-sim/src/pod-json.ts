import { formatSeconds } from './nano-time';
import type { ContainerView, PodView } from './sim-pod';
import { isLive } from './sim-pod';

type Json = Record<string, unknown>;

export function podMetadata(pod: PodView): Json {
  return {
    name: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    resourceVersion: pod.resourceVersion,
    creationTimestamp: formatSeconds(pod.createdNs),
    labels: { ...pod.labels },
  };
}

function containerState(pod: PodView, c: ContainerView): Json {
  const started = formatSeconds(c.startedNs);
  switch (c.state) {
    case 'running':
      return { running: { startedAt: started } };
    case 'waiting':
      return { waiting: { reason: c.waitingReason } };
    case 'terminated': {
      const failed = pod.phase === 'Failed';
      return {
        terminated: {
          exitCode: failed ? 1 : 0,
          reason: failed ? 'Error' : 'Completed',
          startedAt: started,
          finishedAt: started,
          containerID: c.containerID,
        },
      };
    }
  }
}

/** The instance before the last restart, as the kubelet reports it (empty until a restart). */
function lastState(c: ContainerView): Json {
  const t = c.lastTerminated;
  if (!t) return {};
  return {
    terminated: {
      exitCode: t.exitCode,
      reason: t.reason,
      ...(t.signal !== undefined && { signal: t.signal }),
      startedAt: formatSeconds(t.startedNs),
      finishedAt: formatSeconds(t.finishedNs),
      containerID: t.containerID,
    },
  };
}

function containerStatus(pod: PodView, c: ContainerView): Json {
  return {
    name: c.name,
    ready: isLive(pod, c),
    restartCount: c.restartCount,
    image: c.image,
    imageID: '',
    containerID: c.containerID,
    started: c.state === 'running',
    state: containerState(pod, c),
    lastState: lastState(c),
  };
}

export function podJson(pod: PodView): Json {
  // Until a node is chosen there is no nodeName, IP or start time, as on a real cluster.
  const scheduled = pod.nodeName !== '';
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: podMetadata(pod),
    spec: {
      containers: pod.containers.map((c) => ({ name: c.name, image: c.image })),
      ...(scheduled ? { nodeName: pod.nodeName } : {}),
      restartPolicy: 'Always',
    },
    status: {
      phase: pod.phase,
      ...(scheduled ? { podIP: pod.podIP, startTime: formatSeconds(pod.createdNs) } : {}),
      containerStatuses: pod.containers.map((c) => containerStatus(pod, c)),
    },
  };
}

export function podListJson(pods: readonly PodView[], resourceVersion: string): Json {
  return { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion }, items: pods.map(podJson) };
}

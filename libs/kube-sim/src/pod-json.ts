import { formatSeconds } from './nano-time';
import type { SimContainer, SimPod } from './sim-pod';
import { isLive } from './sim-pod';

type Json = Record<string, unknown>;

export function podMetadata(pod: SimPod): Json {
  return {
    name: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    resourceVersion: pod.resourceVersion,
    creationTimestamp: formatSeconds(pod.createdNs),
    labels: { ...pod.labels },
  };
}

function containerState(pod: SimPod, c: SimContainer): Json {
  const started = formatSeconds(pod.createdNs);
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

function containerStatus(pod: SimPod, c: SimContainer): Json {
  return {
    name: c.name,
    ready: isLive(pod, c),
    restartCount: 0,
    image: c.image,
    imageID: '',
    containerID: c.containerID,
    started: c.state === 'running',
    state: containerState(pod, c),
  };
}

export function podJson(pod: SimPod): Json {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: podMetadata(pod),
    spec: {
      containers: pod.containers.map((c) => ({ name: c.name, image: c.image })),
      nodeName: pod.nodeName,
      restartPolicy: 'Always',
    },
    status: {
      phase: pod.phase,
      podIP: pod.podIP,
      startTime: formatSeconds(pod.createdNs),
      containerStatuses: pod.containers.map((c) => containerStatus(pod, c)),
    },
  };
}

export function podListJson(pods: readonly SimPod[], resourceVersion: string): Json {
  return { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion }, items: pods.map(podJson) };
}

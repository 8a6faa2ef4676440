import type { PodSpec } from '@applogs/kube-sim';

/** A replica whose container has finished: its log is read once and the call completes. */
export function finishedPod(name: string, service: string, history: number): PodSpec {
  return {
    name,
    labels: { 'serving.knative.dev/service': service },
    phase: 'Succeeded',
    containers: [{ name: 'user-container', state: 'terminated', history }],
  };
}

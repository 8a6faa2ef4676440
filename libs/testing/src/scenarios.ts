import type { KnativeAppSpec, KubeSim, PodSpec, Scenario } from '@applogs/kube-sim';

/** The Knative service of demo app `name` (project demo, domain development), as the data plane names it. */
export const demoService = (name: string) => `${name}-demo-development`;

/** A scenario of demo apps in namespace flyte: each app by its name, with its spec (replicas, history, ...). */
export function demoScenario(apps: Record<string, Omit<KnativeAppSpec, 'service'>>, more: Omit<Scenario, 'namespace' | 'apps'> = {}): Scenario {
  return { namespace: 'flyte', apps: Object.entries(apps).map(([name, spec]) => ({ service: demoService(name), ...spec })), ...more };
}

/** The pods of demo app `name` now, by name. */
export function podsOf(sim: KubeSim, name: string): string[] {
  return sim
    .podNames()
    .filter((pod) => pod.startsWith(`${demoService(name)}-`))
    .sort();
}

/** The texts the sim generated as a container's history: `{pod}/{container} line {i}`, lines `from` to `to`. */
export function historyOf(pod: string, to: number, from = 1, container = 'user-container'): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${pod}/${container} line ${from + i}`);
}

/** Appends `count` numbered lines (`{pod} {label} {i}`) to a pod's user container and returns their texts. */
export function appendNumbered(sim: KubeSim, pod: string, label: string, count = 5): string[] {
  const texts = Array.from({ length: count }, (_, i) => `${pod} ${label} ${i + 1}`);
  sim.appendLines(pod, 'user-container', texts);
  return texts;
}

/** A replica whose container has finished: its log is read once and the call completes. */
export function finishedPod(name: string, service: string, history: number): PodSpec {
  return {
    name,
    labels: { 'serving.knative.dev/service': service },
    phase: 'Succeeded',
    containers: [{ name: 'user-container', state: 'terminated', history }],
  };
}

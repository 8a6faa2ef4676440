import type { V1Pod } from '@kubernetes/client-node';
import type { PodDirectory, PodEventType, PodList, PodWatchHandlers } from '../pod-directory';

/** An in-memory PodDirectory: pods, a Knative revision, and watches the test drives. */
export class FakePodDirectory implements PodDirectory {
  readonly selectors: string[] = [];
  readonly watches: Array<{ selector: string; resourceVersion: string; handlers: PodWatchHandlers; stopped: boolean }> = [];
  private version = 1;

  constructor(
    public pods: V1Pod[] = [],
    public revision?: string,
  ) {}

  async listPods(_namespace: string, selector: string): Promise<PodList> {
    this.selectors.push(selector);
    const pods = this.pods.filter((p) => selects(selector, p));
    return { pods, resourceVersion: String(this.version) };
  }

  async watchPods(_namespace: string, selector: string, resourceVersion: string, handlers: PodWatchHandlers) {
    const watch = { selector, resourceVersion, handlers, stopped: false };
    this.watches.push(watch);
    return () => (watch.stopped = true);
  }

  async getPod(_namespace: string, name: string) {
    return this.pods.find((p) => p.metadata?.name === name);
  }

  async latestReadyRevision() {
    return this.revision;
  }

  /** Changes the pods as Kubernetes would and tells every open watch. */
  emit(type: PodEventType, pod: V1Pod): void {
    this.version += 1;
    pod.metadata = { ...pod.metadata, resourceVersion: String(this.version) };
    this.pods = this.pods.filter((p) => p.metadata?.name !== pod.metadata?.name);
    if (type !== 'DELETED') this.pods.push(pod);
    for (const watch of this.watches) if (!watch.stopped && selects(watch.selector, pod)) watch.handlers.onEvent(type, pod);
  }
}

/** Whether `key=value,...` selects the pod. */
function selects(selector: string, pod: V1Pod): boolean {
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return pod.metadata?.labels?.[key] === value;
  });
}

export function pod(name: string, labels: Record<string, string>, phase = 'Running', containers = ['user-container', 'queue-proxy'], restartCount = 0): V1Pod {
  return {
    metadata: { name, labels },
    spec: { containers: containers.map((c) => ({ name: c })) },
    status: { phase, containerStatuses: containers.map((c) => ({ name: c, restartCount, image: '', imageID: '', ready: true })) },
  };
}

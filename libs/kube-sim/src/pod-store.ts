import { randomUUID } from 'node:crypto';
import { PodEventLog } from './pod-events';
import { snapshotPod, type PodView, type SimPod } from './sim-pod';

export interface SimKnativeService {
  name: string;
  namespace: string;
  uid: string;
  latestReadyRevisionName?: string;
  createdNs: bigint;
  resourceVersion: string;
}

function byName<T extends { name: string; namespace: string }>(a: T, b: T): number {
  return a.namespace.localeCompare(b.namespace) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Namespaced object storage with a cluster-wide resourceVersion, like etcd behind the apiserver. */
export class PodStore {
  private readonly pods = new Map<string, Map<string, SimPod>>();
  private readonly services = new Map<string, Map<string, SimKnativeService>>();
  private readonly namespaceCreated = new Map<string, bigint>();
  private revision = 1;
  /** Every pod change since the start (bounded), for watches. */
  readonly events = new PodEventLog(this.revision);

  /** Namespaces exist once anything was put in them (plus the sim's default), as if created by the installer. */
  ensureNamespace(namespace: string, createdNs: bigint): void {
    if (!this.namespaceCreated.has(namespace)) this.namespaceCreated.set(namespace, createdNs);
  }

  namespaces(): Array<{ name: string; createdNs: bigint }> {
    return [...this.namespaceCreated].map(([name, createdNs]) => ({ name, createdNs })).sort((a, b) => a.name.localeCompare(b.name));
  }

  resourceVersion(): string {
    return String(this.revision);
  }

  nextResourceVersion(): string {
    this.revision++;
    return String(this.revision);
  }

  hasPod(namespace: string, name: string): boolean {
    return this.pods.get(namespace)?.has(name) ?? false;
  }

  addPod(pod: SimPod): void {
    if (this.hasPod(pod.namespace, pod.name)) throw new Error(`pods "${pod.name}" already exists in namespace ${pod.namespace}`);
    this.ensureNamespace(pod.namespace, pod.createdNs);
    const ns = this.pods.get(pod.namespace) ?? new Map<string, SimPod>();
    ns.set(pod.name, pod);
    this.pods.set(pod.namespace, ns);
    this.recordEvent('ADDED', pod);
  }

  /** Every change to a stored pod goes through here, so it gets a new resourceVersion and one MODIFIED event. */
  updatePod(pod: SimPod, mutate: (pod: SimPod) => void): void {
    if (this.getPod(pod.namespace, pod.name) !== pod) throw new Error(`pods "${pod.name}" not found in namespace ${pod.namespace}`);
    const prev = snapshotPod(pod);
    mutate(pod);
    this.recordEvent('MODIFIED', pod, prev);
  }

  getPod(namespace: string, name: string): SimPod | undefined {
    return this.pods.get(namespace)?.get(name);
  }

  removePod(namespace: string, name: string): SimPod | undefined {
    const pod = this.getPod(namespace, name);
    if (pod) {
      this.pods.get(namespace)?.delete(name);
      this.recordEvent('DELETED', pod);
    }
    return pod;
  }

  private recordEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: SimPod, prev?: PodView): void {
    pod.resourceVersion = this.nextResourceVersion();
    this.events.record({ type, rv: this.revision, pod: snapshotPod(pod), prev });
  }

  /** Sorted by namespace then name: stable output makes tests and kubectl listings deterministic. */
  listPods(namespace?: string): SimPod[] {
    const groups = namespace === undefined ? [...this.pods.values()] : [this.pods.get(namespace) ?? new Map()];
    return groups.flatMap((g) => [...g.values()]).sort(byName);
  }

  setService(namespace: string, name: string, latestReadyRevisionName: string | undefined, createdNs: bigint): SimKnativeService {
    const existing = this.getService(namespace, name);
    const svc: SimKnativeService = {
      name,
      namespace,
      uid: existing?.uid ?? randomUUID(),
      latestReadyRevisionName,
      createdNs: existing?.createdNs ?? createdNs,
      resourceVersion: this.nextResourceVersion(),
    };
    this.ensureNamespace(namespace, createdNs);
    const ns = this.services.get(namespace) ?? new Map<string, SimKnativeService>();
    ns.set(name, svc);
    this.services.set(namespace, ns);
    return svc;
  }

  getService(namespace: string, name: string): SimKnativeService | undefined {
    return this.services.get(namespace)?.get(name);
  }

  listServices(namespace?: string): SimKnativeService[] {
    const groups = namespace === undefined ? [...this.services.values()] : [this.services.get(namespace) ?? new Map()];
    return groups.flatMap((g) => [...g.values()]).sort(byName);
  }
}

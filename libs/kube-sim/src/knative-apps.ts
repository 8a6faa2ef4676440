import { appRevision, newTemplateHash, nextRevision, revisionPodSpecs } from './knative';
import type { SimPod } from './sim-pod';
import type { KnativeAppSpec, PodSpec } from './types';

/** What the app controller needs from the cluster; KubeSim provides it so events and log closing stay in one place. */
export interface AppCluster {
  addPod(spec: PodSpec, namespace: string): void;
  deletePod(name: string, namespace: string): void;
  listPods(namespace: string): SimPod[];
  hasPod(namespace: string, name: string): boolean;
  setService(namespace: string, name: string, revision: string): void;
}

interface DeployedApp {
  spec: KnativeAppSpec;
  namespace: string;
  revision: string;
  templateHash: string;
}

export interface ScaleResult {
  added: string[];
  removed: string[];
}

export interface RolloutResult extends ScaleResult {
  revision: string;
}

/**
 * A tiny Knative/Deployment controller: remembers each app's spec and current revision so it can
 * add replicas just like the first ones, remove the newest, and roll out a new revision.
 */
export class KnativeApps {
  private readonly apps = new Map<string, DeployedApp>();

  constructor(private readonly cluster: AppCluster) {}

  deploy(spec: KnativeAppSpec, namespace: string): string[] {
    const app: DeployedApp = { spec: { ...spec }, namespace, revision: appRevision(spec), templateHash: newTemplateHash() };
    this.apps.set(key(namespace, spec.service), app);
    const added = this.addPods(app, spec.replicas, false);
    if (spec.createKnativeService ?? true) this.cluster.setService(namespace, spec.service, app.revision);
    return added;
  }

  /** Names of the current revision's pods, oldest first. */
  podNames(service: string, namespace: string): string[] {
    return this.revisionPods(this.get(service, namespace)).map((p) => p.name);
  }

  scale(service: string, replicas: number, namespace: string, pending = false): ScaleResult {
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas must be a non-negative integer, got ${replicas}`);
    const app = this.get(service, namespace);
    const pods = this.revisionPods(app);
    if (replicas >= pods.length) return { added: this.addPods(app, replicas - pods.length, pending), removed: [] };
    // Like a ReplicaSet scaling down: the newest pods go first.
    const removed = pods
      .slice(replicas)
      .reverse()
      .map((p) => p.name);
    for (const name of removed) this.cluster.deletePod(name, namespace);
    return { added: [], removed };
  }

  /** New revision with as many (running) pods as the old one has, the service pointed at it, then the old pods deleted. */
  rollout(service: string, namespace: string): RolloutResult {
    const app = this.get(service, namespace);
    const old = this.revisionPods(app).map((p) => p.name);
    app.revision = nextRevision(service, app.revision);
    app.templateHash = newTemplateHash();
    const added = this.addPods(app, old.length, false);
    if (app.spec.createKnativeService ?? true) this.cluster.setService(namespace, service, app.revision);
    for (const name of old) this.cluster.deletePod(name, namespace);
    return { revision: app.revision, added, removed: old };
  }

  private get(service: string, namespace: string): DeployedApp {
    const app = this.apps.get(key(namespace, service));
    if (!app) throw new Error(`no app "${service}" in namespace ${namespace}`);
    return app;
  }

  private revisionPods(app: DeployedApp): SimPod[] {
    return this.cluster
      .listPods(app.namespace)
      .filter((p) => p.labels['serving.knative.dev/service'] === app.spec.service && p.labels['serving.knative.dev/revision'] === app.revision)
      .sort((a, b) => (a.createdNs < b.createdNs ? -1 : a.createdNs > b.createdNs ? 1 : a.name.localeCompare(b.name)));
  }

  private addPods(app: DeployedApp, count: number, pending: boolean): string[] {
    const specs = revisionPodSpecs(app.spec, { revision: app.revision, templateHash: app.templateHash, count, pending }, (name) =>
      this.cluster.hasPod(app.namespace, name),
    );
    for (const spec of specs) this.cluster.addPod(spec, app.namespace);
    return specs.map((s) => s.name);
  }
}

function key(namespace: string, service: string): string {
  return `${namespace}/${service}`;
}

import { randomInt } from 'node:crypto';
import type { ContainerSpec, KnativeAppSpec, PodSpec } from './types';

export function knativePodLabels(service: string, revision: string): Record<string, string> {
  return {
    'serving.knative.dev/service': service,
    'serving.knative.dev/revision': revision,
    'serving.knative.dev/configuration': service,
    app: revision,
  };
}

export function appRevision(app: KnativeAppSpec): string {
  return app.revision ?? `${app.service}-00001`;
}

// Consonants only, like the apimachinery name generator avoids vowels, so suffixes never spell words.
const ALPHABET = 'bcdfghjklmnpqrstvwxz';

function randomSuffix(length = 5): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** A revision's ReplicaSet-style hash, shared by all its pods. */
export function newTemplateHash(): string {
  return randomSuffix();
}

/** Knative numbers revisions `${service}-00001`, `-00002`, ...; a custom name starts over at 00002. */
export function nextRevision(service: string, current: string): string {
  const m = /-(\d+)$/.exec(current);
  const n = m && current.startsWith(`${service}-`) ? Number(m[1]) + 1 : 2;
  return `${service}-${String(n).padStart(5, '0')}`;
}

export interface RevisionPods {
  revision: string;
  templateHash: string;
  count: number;
  /** Not scheduled yet: Pending, containers waiting for ContainerCreating, no node. */
  pending?: boolean;
}

/**
 * Pods of a Knative revision are named like a Deployment's: one shared ReplicaSet hash per
 * revision, then a per-pod suffix.
 */
export function revisionPodSpecs(app: KnativeAppSpec, pods: RevisionPods, nameTaken: (name: string) => boolean): PodSpec[] {
  if (!app.service) throw new Error('app spec needs a service name');
  const containerFor = (name: string): ContainerSpec => ({
    name,
    history: app.history,
    ratePerSecond: app.ratePerSecond,
    lineStyle: app.lineStyle,
    lineEnding: app.lineEnding,
  });
  const containers: ContainerSpec[] = [{ ...containerFor(app.userContainer ?? 'user-container'), flood: app.flood, lineBytes: app.lineBytes }];
  if (app.sidecar ?? true) containers.push(containerFor('queue-proxy'));

  const specs: PodSpec[] = [];
  const chosen = new Set<string>();
  for (let i = 0; i < Math.max(0, Math.floor(pods.count)); i++) {
    let name: string;
    do {
      name = `${pods.revision}-deployment-${pods.templateHash}-${randomSuffix()}`;
    } while (chosen.has(name) || nameTaken(name));
    chosen.add(name);
    specs.push({
      name,
      labels: knativePodLabels(app.service, pods.revision),
      phase: pods.pending ? 'Pending' : 'Running',
      scheduled: !pods.pending,
      containers: containers.map((c) => ({ ...c })),
    });
  }
  return specs;
}

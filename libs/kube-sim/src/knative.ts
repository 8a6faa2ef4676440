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

/**
 * Pods of a Knative revision are named like a Deployment's: one shared ReplicaSet hash per
 * revision, then a per-pod suffix.
 */
export function expandApp(app: KnativeAppSpec, nameTaken: (name: string) => boolean): PodSpec[] {
  if (!app.service) throw new Error('app spec needs a service name');
  const revision = appRevision(app);
  const templateHash = randomSuffix();
  const containerFor = (name: string): ContainerSpec => ({
    name,
    history: app.history,
    ratePerSecond: app.ratePerSecond,
    lineStyle: app.lineStyle,
  });
  const containers: ContainerSpec[] = [{ ...containerFor(app.userContainer ?? 'user-container'), flood: app.flood }];
  if (app.sidecar ?? true) containers.push(containerFor('queue-proxy'));

  const pods: PodSpec[] = [];
  const chosen = new Set<string>();
  for (let i = 0; i < Math.max(0, Math.floor(app.replicas)); i++) {
    let name: string;
    do {
      name = `${revision}-deployment-${templateHash}-${randomSuffix()}`;
    } while (chosen.has(name) || nameTaken(name));
    chosen.add(name);
    pods.push({ name, labels: knativePodLabels(app.service, revision), phase: 'Running', containers: containers.map((c) => ({ ...c })) });
  }
  return pods;
}

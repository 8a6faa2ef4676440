import { createHash } from 'node:crypto';
import type { Identifier } from '@applogs/proto';

export const KNATIVE_SERVICE_LABEL = 'serving.knative.dev/service';
export const KNATIVE_REVISION_LABEL = 'serving.knative.dev/revision';

/** Kubernetes object names are DNS labels: at most 63 characters. */
const MAX_SERVICE_NAME = 63;
const TRUNCATED_PREFIX = 54;

/**
 * The Knative service Flyte deploys an app as: lower-case `{name}-{project}-{domain}`, and when that is too
 * long for a DNS label, its first 54 characters, `-`, and 8 hex digits of SHA-256 of `{project}/{domain}/{name}`
 * (the same rule as Flyte's, so we find the pods Flyte created).
 */
export function knativeServiceName(appId: Pick<Identifier, 'project' | 'domain' | 'name'>): string {
  const full = `${appId.name}-${appId.project}-${appId.domain}`.toLowerCase();
  if (full.length <= MAX_SERVICE_NAME) return full;
  const digest = createHash('sha256').update(`${appId.project}/${appId.domain}/${appId.name}`).digest('hex');
  return `${full.slice(0, TRUNCATED_PREFIX)}-${digest.slice(0, 8)}`;
}

/**
 * A short label for a replica in merged output. Knative pods are named
 * `{service}-{revision number}-deployment-{replicaset hash}-{pod hash}`; `{revision number}-{pod hash}` is
 * unique within the app and short enough to prefix every line. Other names are kept whole.
 */
export function shortPodName(podName: string, serviceName: string): string {
  if (!podName.startsWith(`${serviceName}-`)) return podName;
  const rest = podName.slice(serviceName.length + 1);
  const knativePod = /^(\d+)-deployment-[a-z0-9]+-([a-z0-9]+)$/.exec(rest);
  return knativePod ? `${knativePod[1]}-${knativePod[2]}` : rest;
}

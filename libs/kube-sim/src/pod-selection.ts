import { matchesFields, parseFieldSelector, type FieldRequirement, type FieldValues } from './field-selector';
import { matchesLabels, parseLabelSelector, type Requirement } from './label-selector';
import type { PodView } from './sim-pod';

/** labelSelector plus fieldSelector of a list or watch request; lists and watches must agree on what matches. */
export interface PodSelector {
  labels: Requirement[];
  fields: FieldRequirement[];
}

/** Throws LabelSelectorError (a 400) for malformed selectors. */
export function parsePodSelector(query: URLSearchParams): PodSelector {
  return {
    labels: parseLabelSelector(query.get('labelSelector') ?? ''),
    fields: parseFieldSelector(query.get('fieldSelector') ?? ''),
  };
}

/** The pod fields the apiserver lets field selectors use. */
export function podFields(pod: PodView): FieldValues {
  return { 'metadata.name': pod.name, 'metadata.namespace': pod.namespace, 'status.phase': pod.phase, 'spec.nodeName': pod.nodeName };
}

export function selects(selector: PodSelector, pod: PodView): boolean {
  return matchesLabels(selector.labels, pod.labels) && matchesFields(selector.fields, podFields(pod));
}

import { LabelSelectorError } from './label-selector';

/** Values a field selector may compare against; mirrors the pod fields the apiserver indexes. */
export type FieldValues = Readonly<Record<string, string>>;

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

const SUPPORTED = new Set(['metadata.name', 'metadata.namespace', 'status.phase', 'spec.nodeName']);
const TERM = /^\s*([A-Za-z.]+)\s*(==|=|!=)\s*([^,]*?)\s*$/;

/** client libraries sometimes narrow lists with `metadata.name=x`; unsupported fields fail like the apiserver does. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') return [];
  return selector.split(',').map((part) => {
    const m = TERM.exec(part);
    if (!m) throw new LabelSelectorError(`invalid field selector: "${part}"`);
    if (!SUPPORTED.has(m[1])) throw new LabelSelectorError(`field label not supported: ${m[1]}`);
    return { field: m[1], negate: m[2] === '!=', value: m[3] };
  });
}

export function matchesFields(requirements: readonly FieldRequirement[], fields: FieldValues): boolean {
  return requirements.every((r) => (fields[r.field] === r.value) !== r.negate);
}

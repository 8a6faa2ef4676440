export type Requirement = { key: string; operator: 'exists' | 'doesNotExist' } | { key: string; operator: 'in' | 'notIn'; values: string[] };

export type Labels = Readonly<Record<string, string>>;

export class LabelSelectorError extends Error {}

const KEY = String.raw`[A-Za-z0-9][A-Za-z0-9._/-]*`;
const VALUE = String.raw`[A-Za-z0-9._-]*`;
const EQUALITY = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const EXISTS = new RegExp(`^(${KEY})$`);
const NOT_EXISTS = new RegExp(String.raw`^!\s*(${KEY})$`);

/** Splits on commas outside parentheses, so `a in (x,y),b` is two requirements. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function parseRequirement(raw: string): Requirement {
  const text = raw.trim();
  let m = NOT_EXISTS.exec(text);
  if (m) return { key: m[1], operator: 'doesNotExist' };
  m = EQUALITY.exec(text);
  if (m) return { key: m[1], operator: m[2] === '!=' ? 'notIn' : 'in', values: [m[3]] };
  m = SET.exec(text);
  if (m) {
    const values = m[3].split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) {
      throw new LabelSelectorError(`unable to parse requirement: invalid values in "${text}"`);
    }
    return { key: m[1], operator: m[2] === 'in' ? 'in' : 'notIn', values };
  }
  m = EXISTS.exec(text);
  if (m) return { key: m[1], operator: 'exists' };
  throw new LabelSelectorError(`unable to parse requirement: "${text}"`);
}

/** Parses the Kubernetes label selector syntax (equality- and set-based); an empty selector matches everything. */
export function parseLabelSelector(selector: string): Requirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map(parseRequirement);
}

function matchesRequirement(labels: Labels, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notIn':
      // Kubernetes semantics: `!=` and `notin` also match objects that lack the key.
      return !has || !r.values.includes(labels[r.key]);
  }
}

export function matchesLabels(requirements: readonly Requirement[], labels: Labels): boolean {
  return requirements.every((r) => matchesRequirement(labels, r));
}

export function labelSelectorMatches(selector: string, labels: Labels): boolean {
  return matchesLabels(parseLabelSelector(selector), labels);
}

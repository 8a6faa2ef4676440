import { NANOS_PER_SECOND, parseRfc3339, truncateToSecond } from './nano-time';

export interface LogOptions {
  container?: string;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Inclusive lower bound on line timestamps, in epoch nanoseconds. */
  sinceNs?: bigint;
  limitBytes?: number;
  /** Read the previous (exited) instance of the container instead of the current one. */
  previous: boolean;
}

/** Go's strconv.ParseBool, which is what the apiserver uses for query booleans. */
function parseBool(name: string, value: string | null): boolean {
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new Error(`${name}: invalid boolean value "${value}"`);
}

function parseInteger(name: string, value: string | null, min: number): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`${name}: invalid integer value "${value}"`);
  const n = Number(value);
  if (n < min) throw new Error(`${name}: Invalid value: ${n}: must be greater than or equal to ${min}`);
  return n;
}

/** Validates pods/log query parameters the way PodLogOptions validation does; throws with the apiserver-style message. */
export function parseLogOptions(query: URLSearchParams, nowNs: bigint): LogOptions {
  const sinceTime = query.get('sinceTime');
  const sinceSeconds = parseInteger('sinceSeconds', query.get('sinceSeconds'), 1);
  if (sinceTime && sinceSeconds !== undefined) throw new Error('at most one of sinceTime or sinceSeconds may be specified');
  let sinceNs: bigint | undefined;
  if (sinceTime) {
    const parsed = parseRfc3339(sinceTime);
    if (parsed === undefined) throw new Error(`sinceTime: invalid RFC3339 time "${sinceTime}"`);
    sinceNs = truncateToSecond(parsed);
  } else if (sinceSeconds !== undefined) {
    sinceNs = nowNs - BigInt(sinceSeconds) * NANOS_PER_SECOND;
  }
  return {
    container: query.get('container') || undefined,
    follow: parseBool('follow', query.get('follow')),
    timestamps: parseBool('timestamps', query.get('timestamps')),
    tailLines: parseInteger('tailLines', query.get('tailLines'), 0),
    sinceNs,
    limitBytes: parseInteger('limitBytes', query.get('limitBytes'), 1),
    previous: parseBool('previous', query.get('previous')),
  };
}

import type { TailOptions, TailTarget } from '@applogs/client';

/** Which wire protocol the page speaks to the control plane: Connect (binary) unless the link asks for gRPC-Web. */
export type Protocol = 'connect' | 'grpc-web';

/** What a `/logs?…` link asks for: the app (or one replica of it) and the request's options. */
export interface LogsLink {
  org?: string;
  project: string;
  domain: string;
  name: string;
  replica?: string;
  /** Lines of history per replica. */
  tail?: number;
  /** A duration like kubectl's `--since` (`30s`, `5m`, `2h`). */
  since?: string;
  /** An RE2 pattern lines must match (the server applies it). */
  include?: string;
  /** An RE2 pattern that drops the lines it matches. */
  exclude?: string;
  protocol?: Protocol;
}

/** The link's fields in the order they are written: the app first, then the options. */
const ORDER = ['project', 'domain', 'name', 'org', 'replica', 'tail', 'since', 'include', 'exclude', 'protocol'] as const;

/** A link that cannot be streamed, with what to fix; `partial` keeps what it had for the form. */
export interface LinkProblem {
  problem: string;
  partial: Partial<LogsLink>;
}

/** Reads a `/logs` link's query (`location.search`). Empty values count as absent. */
export function parseLogsLink(search: string): LogsLink | LinkProblem {
  const params = new URLSearchParams(search);
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const partial: Partial<LogsLink> = {};
  for (const key of ['org', 'project', 'domain', 'name', 'replica', 'since', 'include', 'exclude'] as const) {
    const value = text(key);
    if (value !== undefined) partial[key] = value;
  }
  const tail = text('tail');
  if (tail !== undefined) {
    if (!/^\d+$/.test(tail)) return { problem: `tail=${tail} must be a whole number of lines`, partial };
    partial.tail = Number(tail);
  }
  const protocol = text('protocol');
  if (protocol !== undefined) {
    if (protocol !== 'connect' && protocol !== 'grpc-web') return { problem: `protocol=${protocol} must be connect or grpc-web`, partial };
    partial.protocol = protocol;
  }
  const missing = (['project', 'domain', 'name'] as const).filter((key) => partial[key] === undefined);
  if (missing.length > 0) return { problem: `the link needs ${missing.join(', ')} (the app to show)`, partial };
  return partial as LogsLink;
}

export function isLinkProblem(parsed: LogsLink | LinkProblem): parsed is LinkProblem {
  return 'problem' in parsed;
}

/** The shareable link of what is shown: `/logs?project=…&domain=…&name=…[&…]`, absent fields left out. */
export function logsHref(link: LogsLink): string {
  const params = new URLSearchParams();
  for (const key of ORDER) {
    const value = link[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return `/logs?${params}`;
}

/** The TailLogs target and options of a link. */
export function tailOf(link: LogsLink): { target: TailTarget; options: TailOptions } {
  const app = { project: link.project, domain: link.domain, name: link.name, ...(link.org ? { org: link.org } : {}) };
  const target: TailTarget = link.replica ? { replica: { app, pod: link.replica } } : { app };
  const options: TailOptions = {};
  if (link.tail !== undefined) options.tailLines = link.tail;
  if (link.since !== undefined) options.since = link.since;
  if (link.include !== undefined) options.include = [link.include];
  if (link.exclude !== undefined) options.exclude = [link.exclude];
  return { target, options };
}

import {
  create,
  IdentifierSchema,
  LogsSource,
  parseRfc3339,
  TailLogsRequestSchema,
  type Identifier,
  type TailLogsRequest,
  type Timestamp,
} from '@applogs/proto';
import { durationOfNanos, millisToNanos, parseDurationNanos } from './duration';
import { invalidArgument } from './errors';

/** An app as Flyte names it. `org` may be left out where the deployment has a single (empty) org. */
export interface AppId {
  project: string;
  domain: string;
  name: string;
  org?: string;
}

/** What to tail: every active replica of an app, or one replica (pod) of it. */
export type TailTarget = { app: AppId; replica?: never } | { replica: { app: AppId; pod: string }; app?: never };

/** TailLogsRequest's options (fields 50 and up), with kubectl's meanings; unset leaves the server's default. */
export interface TailOptions {
  /** Lines of history per replica (0 to the server's maximum). */
  tailLines?: number;
  /** Only lines newer than this: milliseconds, or a duration like kubectl's `--since` (`30s`, `5m`, `2h30m`). */
  since?: string | number;
  /** Only lines at or after this instant: RFC3339 (nanoseconds kept), or a line's `timestamp` to resume from. */
  sinceTime?: string | Timestamp;
  /** `false`: read the history and complete, even for running replicas. Default `true`. */
  follow?: boolean;
  /** Keep only lines whose message matches one of these RE2 patterns. */
  include?: readonly string[];
  /** Drop lines whose message matches any of these RE2 patterns. */
  exclude?: readonly string[];
  /**
   * Read each replica's last terminated container (kubectl's `--previous`), once: the lines that explain a
   * crash. Replicas that never restarted are skipped (a SKIPPED event); never followed.
   */
  previous?: boolean;
}

const MAX_INT32 = 2 ** 31 - 1;

/**
 * The TailLogsRequest for a target and options. Throws AppLogsClientError(INVALID_ARGUMENT) for what cannot be
 * encoded faithfully (1.5 tail lines, a duration that does not parse); rules of the server's own (limits, since
 * together with sinceTime, pattern syntax) are left to the server, so they are stated in one place.
 */
export function tailLogsRequest(target: TailTarget, options: TailOptions = {}): TailLogsRequest {
  const request = create(TailLogsRequestSchema, {
    target: target.app
      ? { case: 'appId', value: identifier(target.app) }
      : { case: 'replicaId', value: { appId: identifier(target.replica.app), name: target.replica.pod } },
    source: LogsSource.LIVE_OR_PERSISTED,
    include: [...(options.include ?? [])],
    exclude: [...(options.exclude ?? [])],
  });
  if (options.tailLines !== undefined) request.tailLines = tailLines(options.tailLines);
  if (options.since !== undefined) request.since = since(options.since);
  if (options.sinceTime !== undefined) request.sinceTime = sinceTime(options.sinceTime);
  if (options.follow !== undefined) request.follow = options.follow;
  if (options.previous) request.previous = true;
  return request;
}

/** The app a target belongs to: every replica of the call is one of its replicas. */
export function targetApp(target: TailTarget): AppId {
  return target.app ?? target.replica.app;
}

function identifier(app: AppId): Identifier {
  return create(IdentifierSchema, { org: app.org ?? '', project: app.project, domain: app.domain, name: app.name });
}

function tailLines(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_INT32)
    throw invalidArgument(`tailLines must be a whole number from 0 to ${MAX_INT32}, not ${value}`);
  return value;
}

function since(value: string | number) {
  try {
    const nanos = typeof value === 'number' ? millisToNanos(value) : parseDurationNanos(value);
    if (nanos < 0n) throw new Error('must not be negative');
    return durationOfNanos(nanos);
  } catch (error) {
    throw invalidArgument(`since ${JSON.stringify(value)} ${(error as Error).message}`);
  }
}

function sinceTime(value: string | Timestamp): Timestamp {
  if (typeof value === 'string') {
    const parsed = parseRfc3339(value);
    if (!parsed) throw invalidArgument(`sinceTime "${value}" is not an RFC3339 time like 2030-01-02T03:04:05.123456789Z`);
    return parsed;
  }
  if (typeof value.seconds !== 'bigint' || !Number.isInteger(value.nanos) || value.nanos < 0 || value.nanos > 999_999_999) {
    throw invalidArgument('sinceTime must have bigint seconds and whole nanos from 0 to 999999999');
  }
  return value;
}

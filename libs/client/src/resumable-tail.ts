import { Code, type TailLogsRequest, type TailLogsResponse, type Timestamp } from '@applogs/proto';
import { DEFAULT_RECONNECT_POLICY, isRetryable, reconnectDelay, type ReconnectPolicy } from './reconnect-policy';
import { parseDurationNanos } from './duration';
import { ResumeCursor } from './resume-cursor';
import { tailLogsRequest, type TailOptions, type TailTarget } from './tail-request';

/** What to tell the user about the replica list, beyond the server's own events. */
export type TailNotice =
  /** The first replica list of the tail. */
  | { kind: 'replicas'; pods: string[] }
  /** A call made again after a break is streaming. */
  | { kind: 'reconnected' }
  /** A replica that came (or went) while the stream was down: no event told us, the lists differ. */
  | { kind: 'missed'; pod: string; joined: boolean };

/** What to do once a call has ended: a decision as a value, applied by whoever holds the call. */
export type AfterEnd =
  | { next: 'done' }
  | { next: 'fail'; message: string }
  /** `started`: a message had arrived before (the stream broke) rather than never (it could not start). */
  | { next: 'reconnect'; delayMs: number; status: string; details: string; started: boolean };

export interface ResumableTailOptions {
  policy?: ReconnectPolicy;
  now?: () => number;
  random?: () => number;
}

/**
 * A tail across the calls it takes, whatever carries them (grpc-js in the CLI, connect-web in the browser): what
 * to ask for next, which lines are new (`cursor`), what to announce when a call resumes, and, when a call ends,
 * whether to stop, fail or call again after a jittered backoff. Pure: the caller makes the calls and the timers.
 *
 * A call made again after a break asks for every line since the earliest last line shown per replica; the cursor
 * drops the ones already shown, so nothing shows twice and nothing is lost.
 */
export class ResumableTail {
  /** Feed every line through `cursor.accept` before showing it. */
  readonly cursor = new ResumeCursor();
  private readonly policy: ReconnectPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  /** since_time of the next call; undefined: the request as the user asked it. */
  private resumeFrom: Timestamp | undefined;
  /** Reconnects since the last message, for the backoff. */
  private attempt = 0;
  private lastMessageAt: number;
  /** When the first call was made: a `since` window asked for again starts where that call's did. */
  private firstCallAt: number | undefined;
  private everStarted = false;
  /** The current call resumes a broken one: announce it, and compare its replica list with the last one. */
  private resuming = false;
  private replicas: Set<string> | undefined;

  /** Throws AppLogsClientError(INVALID_ARGUMENT) for options that cannot be sent, before any call. */
  constructor(
    private readonly target: TailTarget,
    private readonly options: TailOptions,
    clock: ResumableTailOptions = {},
  ) {
    tailLogsRequest(target, options);
    this.policy = clock.policy ?? DEFAULT_RECONNECT_POLICY;
    this.now = clock.now ?? Date.now;
    this.random = clock.random ?? Math.random;
    this.lastMessageAt = this.now();
  }

  /**
   * The request for the next call: the user's, or, resumed, every line since the earliest last line shown. The
   * cursor says to repeat the user's request when nothing was shown, or when a replica showed nothing (asked
   * from the others' time, its earlier lines would be lost); either way it drops what was shown already.
   */
  request(): TailLogsRequest {
    if (this.resumeFrom) return tailLogsRequest(this.target, { ...this.options, tailLines: undefined, since: undefined, sinceTime: this.resumeFrom });
    const request = tailLogsRequest(this.target, this.sameWindow(this.options));
    this.firstCallAt ??= this.now();
    return request;
  }

  /** `--since 5m` asked again a minute later means 6m: the window starts where the first call's did. */
  private sameWindow(options: TailOptions): TailOptions {
    if (options.since === undefined || this.firstCallAt === undefined) return options;
    const sinceMs = typeof options.since === 'number' ? options.since : Number((parseDurationNanos(options.since) + 999_999n) / 1_000_000n);
    return { ...options, since: sinceMs + (this.now() - this.firstCallAt) };
  }

  /** A response arrived: resets the backoff; returns what to announce before showing it. */
  received(response: TailLogsResponse): TailNotice[] {
    this.lastMessageAt = this.now();
    this.attempt = 0;
    this.everStarted = true;
    const { resp } = response;
    const pods = resp.case === 'replicas' ? resp.value.replicas.map((id) => id.name) : undefined;
    if (pods) this.cursor.listed(pods);
    if (this.resuming) {
      this.resuming = false;
      return [{ kind: 'reconnected' }, ...this.replicaList(pods, true)];
    }
    return this.replicaList(pods, false);
  }

  /**
   * A call ended with this status (OK included) without us cancelling it. A status that would come again (a bad
   * request, an unknown app, no permission) fails; so does one after `giveUpMs` without a message.
   */
  ended(code: Code, details: string): AfterEnd {
    if (code === Code.OK) return { next: 'done' };
    const status = Code[code] ?? String(code);
    if (!isRetryable(code, details, false)) return { next: 'fail', message: `${status}: ${details}` };
    const silentFor = this.now() - this.lastMessageAt;
    if (silentFor >= this.policy.giveUpMs) {
      return { next: 'fail', message: `${status}: ${details} (gave up reconnecting after ${Math.round(silentFor / 1000)} s without a message)` };
    }
    const delayMs = reconnectDelay(this.attempt++, this.policy, this.random);
    // Nothing shown yet: the user's request again, as it was.
    this.resumeFrom = this.cursor.resume();
    this.resuming = this.everStarted;
    return { next: 'reconnect', delayMs, status, details, started: this.everStarted };
  }

  /** The first list; after a reconnect, who came or went meanwhile. */
  private replicaList(pods: string[] | undefined, afterReconnect: boolean): TailNotice[] {
    if (!pods) return [];
    const before = this.replicas;
    this.replicas = new Set(pods);
    if (!before) return [{ kind: 'replicas', pods }];
    if (!afterReconnect) return [];
    return [
      ...pods.filter((pod) => !before.has(pod)).map((pod): TailNotice => ({ kind: 'missed', pod, joined: true })),
      ...[...before].filter((pod) => !this.replicas!.has(pod)).map((pod): TailNotice => ({ kind: 'missed', pod, joined: false })),
    ];
  }
}

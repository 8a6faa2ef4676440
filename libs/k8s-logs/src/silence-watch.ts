import { formatRfc3339Nano, type Timestamp } from '@applogs/proto';
import type { LogProgress } from './log-progress';

/** Asks for the time of the log's last line (undefined: the log is empty); gives up when `signal` aborts. */
export type LastLineProbe = (signal: AbortSignal) => Promise<Timestamp | undefined>;

/** What the probe of a silent stream's log came back with. */
export type ProbeResult = { kind: 'answered'; last: Timestamp | undefined } | { kind: 'failed'; reason: string } | { kind: 'no-answer' };

/** What a stream's silence means: the app is quiet (keep the stream), or the stream is broken, and why. */
export type SilenceVerdict = { kind: 'quiet' } | { kind: 'broken'; reason: string; noAnswer: boolean };

export interface SilenceTimeouts {
  /** Silence this long while we read gets the log probed; 0: never. */
  silenceMs: number;
  /** A probe with no answer this long has failed. */
  probeMs: number;
}

/**
 * The decision: a probe that answers with nothing newer than what the stream sent means a quiet app; one
 * that fails, hangs, or shows a newer line means the stream is broken (a frozen API server, a hung kubelet,
 * a follow that stopped following). A probe that hangs is `noAnswer`: the API itself is not answering.
 */
export function judgeSilence(result: ProbeResult, progress: LogProgress, timeouts: SilenceTimeouts): SilenceVerdict {
  const silence = `no bytes for ${timeouts.silenceMs} ms`;
  if (result.kind === 'no-answer') {
    return { kind: 'broken', noAnswer: true, reason: `${silence} and the API server did not answer a probe in ${timeouts.probeMs} ms` };
  }
  if (result.kind === 'failed') return { kind: 'broken', noAnswer: false, reason: `${silence} and a probe of its log failed: ${result.reason}` };
  if (!progress.misses(result.last)) return { kind: 'quiet' };
  const last = formatRfc3339Nano(result.last!);
  return { kind: 'broken', noAnswer: false, reason: `${silence} though its log has newer lines (the last at ${last})` };
}

/**
 * Watches one followed log request for silence, from the moment it is sent (a kubelet sends no headers until
 * the first line). Silence while we read is ambiguous: a quiet app, or a path that died without closing
 * (the API server frozen, the kubelet hung, a follow that lost its file). Restarting it blindly would
 * reconnect every quiet app's stream every period and still take as long to notice a dead one, so the log is
 * probed first (`askLastLine`: its last line, asked for separately) and judgeSilence decides. Quiet: the
 * timer starts again, no event. Broken: `onBroken`, and the follower's retry resumes after the last line.
 * While our own consumer holds the stream back (`pause`), silence is ours and does not count.
 */
export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;
  private probe: AbortController | undefined;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly timeouts: SilenceTimeouts,
    private readonly progress: LogProgress,
    private readonly askLastLine: LastLineProbe,
    private readonly onBroken: (verdict: Extract<SilenceVerdict, { kind: 'broken' }>) => void,
  ) {}

  /** The request is out: silence counts from now. */
  start(): void {
    this.arm();
  }

  /** The stream delivered `chunk`: it is not silent, whatever a probe in flight may find. */
  heard(chunk: Buffer): void {
    if (this.timeouts.silenceMs <= 0) return;
    this.progress.see(chunk);
    this.cancelProbe();
    this.arm();
  }

  pause(): void {
    this.paused = true;
    this.disarm();
    this.cancelProbe();
  }

  resume(): void {
    this.paused = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
    this.cancelProbe();
  }

  private arm(): void {
    if (this.timeouts.silenceMs <= 0 || this.paused || this.stopped) return;
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(this.silent, this.timeouts.silenceMs);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly silent = (): void => {
    this.timer = undefined;
    const probe = new AbortController();
    this.probe = probe;
    const deadline = setTimeout(() => probe.abort(), this.timeouts.probeMs);
    this.askLastLine(probe.signal)
      .then(
        (last): ProbeResult => ({ kind: 'answered', last }),
        (error: Error): ProbeResult => (probe.signal.aborted ? { kind: 'no-answer' } : { kind: 'failed', reason: error.message }),
      )
      .then((result) => {
        clearTimeout(deadline);
        // The stream spoke, we paused, or it ended while the probe was out: its answer no longer matters.
        if (this.probe !== probe) return;
        this.probe = undefined;
        const verdict = judgeSilence(result, this.progress, this.timeouts);
        if (verdict.kind === 'quiet') this.arm();
        else this.onBroken(verdict);
      });
  };

  private cancelProbe(): void {
    this.probe?.abort();
    this.probe = undefined;
  }
}

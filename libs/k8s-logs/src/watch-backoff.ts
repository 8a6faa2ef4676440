import { retryDelayMs, type Backoff } from './retry-policy';

/** A watch that ends sooner than this after it started, having delivered no event, failed. */
export const SHORT_WATCH_MS = 1000;

/**
 * The pod watch's delays after failures, client-go's reflector's: 800 ms doubling to 30 s, jittered. Not
 * APPLOGS_RETRY_*, which tune log streams: whatever they say, and whatever the API server does, an app's
 * watch asks at most a few times a second, then ever more rarely.
 */
export const WATCH_BACKOFF: Backoff = { initialDelayMs: 800, maxDelayMs: 30_000 };

/** How a watch request or a list ended. */
export type WatchEnd = { kind: 'watch'; lastedMs: number; events: number; error?: Error; expired?: boolean } | { kind: 'list'; error?: unknown };

/** What the pod watch does next: watch on from the last resourceVersion, or list again, after `delayMs`. */
export interface WatchStep {
  next: 'watch' | 'relist';
  delayMs: number;
  /** Failures in a row so far, for the next decision. */
  failures: number;
}

/**
 * client-go's reflector rule: a failed list or watch, and a watch that ended within SHORT_WATCH_MS without
 * an event (an API server or proxy that answers and hangs up at once), counts as a failure and waits a
 * growing delay; a healthy watch (it lasted, or it delivered) resets the count. A clean end resumes from the
 * last resourceVersion; an error or 410 Gone (`expired`) lists again.
 */
export function nextWatchStep(end: WatchEnd, failures: number, backoff = WATCH_BACKOFF, random = Math.random): WatchStep {
  const failedRequest = end.error !== undefined;
  const next = failedRequest || (end.kind === 'watch' && end.expired) ? 'relist' : 'watch';
  const healthy = end.kind === 'watch' && (end.events > 0 || end.lastedMs >= SHORT_WATCH_MS);
  const failed = failedRequest || (end.kind === 'watch' && !healthy);
  const before = healthy ? 0 : failures;
  if (!failed) return { next, delayMs: 0, failures: before };
  return { next, delayMs: retryDelayMs(backoff, before + 1, random), failures: before + 1 };
}

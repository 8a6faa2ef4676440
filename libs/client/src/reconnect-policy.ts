import { Code } from '@applogs/proto';

export interface ReconnectPolicy {
  /** Delay before the first reconnect; doubles with every failed one. */
  initialMs: number;
  /** The longest delay between reconnects. */
  maxMs: number;
  /** Give up when no message arrived for this long. */
  giveUpMs: number;
}

/** A data plane or control plane restart takes seconds: retry quickly at first, never hammer, give up in minutes. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { initialMs: 200, maxMs: 5_000, giveUpMs: 120_000 };

/**
 * The delay before reconnect number `attempt` (0 for the first since the last message): capped exponential,
 * ±20 % jitter so that many CLIs broken by one restart do not come back in step.
 */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

// What grpc-js reports when the connection under a call goes away (a server killed or restarted mid-stream), and
// what a browser's fetch says then (Chromium, Firefox, Safari), which connect-web passes on as UNKNOWN.
const CONNECTION_LOST =
  /RST_STREAM|Connection dropped|Stream removed|GOAWAY|ECONNRESET|socket hang up|Protocol error|Failed to fetch|network ?error|Load failed/i;

/**
 * Whether a call that ended with this status is worth making again: the server or the connection went away,
 * or the server is full for now. Everything else (a bad request, an unknown app, no permission) would fail
 * the same way again. CANCELLED counts only when we did not cancel: a proxy or a server shutting down
 * cancels calls too.
 */
export function isRetryable(code: Code, details: string, cancelledByUs: boolean): boolean {
  switch (code) {
    case Code.UNAVAILABLE:
    case Code.ABORTED:
      return true;
    case Code.RESOURCE_EXHAUSTED:
      // grpc-js's own "message larger than max" would fail again; the server's "too many streams" passes.
      return !/larger than max/i.test(details);
    case Code.INTERNAL:
    case Code.UNKNOWN:
      return CONNECTION_LOST.test(details);
    case Code.CANCELLED:
      return !cancelledByUs;
    default:
      return false;
  }
}

/** How a broken replica stream is retried: capped exponential backoff with jitter, and a limit. */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts after which the replica is given up (FAILED). */
  maxAttempts: number;
}

/** Just the delays of a policy, for retries that never give up (the pod watch). */
export type Backoff = Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 8 };

/**
 * The delay before retry `attempt` (1, 2, ...): doubling from the initial delay up to the cap, then scaled
 * by a random factor in [0.5, 1) so that replicas broken by one event do not all retry at the same instant.
 */
export function retryDelayMs(policy: Backoff, attempt: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

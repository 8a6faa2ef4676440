import type { Timestamp } from '@applogs/proto';
import { RE2JS } from 're2js';
import { invalidArgument } from './errors';
import { quote } from './quote';

/** Which lines of a replica's log a call wants, beyond where its tail starts, and how long one may be. */
export interface LineFilter {
  /** Lines before this instant are dropped (Kubernetes' sinceTime only has whole seconds). */
  notBefore?: Timestamp;
  /** A line is kept only if its message passes; absent means every line. */
  keep?: (message: string) => boolean;
  /** A longer line is sent in pieces of at most this many bytes of message; absent: DEFAULT_MAX_LINE_BYTES. */
  maxLineBytes?: number;
}

export const MAX_PATTERNS = 16;
export const MAX_PATTERN_LENGTH = 512;

/**
 * stern's `--include`/`--exclude`: a message is kept when it matches one of `include` (or there is none) and
 * none of `exclude`. Patterns come from strangers, so they are RE2 (linear-time matching, no backtracking),
 * limited in number and length; one that does not compile is INVALID_ARGUMENT naming it.
 */
export function messagePatterns(include: string[], exclude: string[]): ((message: string) => boolean) | undefined {
  if (include.length === 0 && exclude.length === 0) return undefined;
  const includes = include.map((pattern) => compile(pattern, 'include'));
  const excludes = exclude.map((pattern) => compile(pattern, 'exclude'));
  const matches = (regex: RE2JS, message: string) => regex.matcher(message).find();
  return (message) => (includes.length === 0 || includes.some((regex) => matches(regex, message))) && !excludes.some((regex) => matches(regex, message));
}

function compile(pattern: string, field: 'include' | 'exclude'): RE2JS {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw invalidArgument(`${field} pattern ${quote(pattern, 40)} is ${pattern.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`);
  }
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const reason = (error as Error).message;
    throw invalidArgument(`${field} pattern ${quote(pattern)} is not a valid RE2 expression: ${reason.length > 200 ? `${reason.slice(0, 200)}…` : reason}`);
  }
}

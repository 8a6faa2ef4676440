import type { Timestamp } from '@applogs/proto';

export interface ParsedLogLine {
  timestamp?: Timestamp;
  message: string;
}

// The kubelet's prefix with timestamps=true is Go's RFC3339Nano: trailing zeros of the fraction are trimmed,
// so the fraction has 0 to 9 digits.
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Splits `TIMESTAMP MESSAGE`; a line without a valid timestamp prefix is all message. */
export function parseLogLine(line: string): ParsedLogLine {
  const space = line.indexOf(' ');
  const prefix = space === -1 ? line : line.slice(0, space);
  const timestamp = parseRfc3339Nano(prefix);
  if (!timestamp) return { message: line };
  return { timestamp, message: space === -1 ? '' : line.slice(space + 1) };
}

/** RFC3339 with up to nanosecond precision, kept exactly (a JavaScript Date would cut it to milliseconds). */
export function parseRfc3339Nano(text: string): Timestamp | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, dateTime, fraction = '', zone] = match;
  const millis = Date.parse(`${dateTime}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  return { seconds: String(millis / 1000), nanos: Number(fraction.padEnd(9, '0')) };
}

/** Formats a Timestamp as RFC3339 with all nine fractional digits, in UTC. */
export function formatTimestamp(timestamp: Timestamp): string {
  const seconds = new Date(Number(timestamp.seconds) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(timestamp.nanos).padStart(9, '0')}Z`;
}

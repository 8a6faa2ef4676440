import type { Timestamp } from '@applogs/proto';

export type TimeZone = 'local' | 'utc';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * A line's time as a person reads it, to the millisecond: `2030-01-02 03:04:05.123` in the browser's zone, or
 * `2030-01-02 03:04:05.123Z` in UTC. Downloads keep the nanoseconds (the line's RFC3339).
 */
export function formatTime(timestamp: Timestamp, zone: TimeZone): string {
  const date = new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000));
  const utc = zone === 'utc';
  const [year, month, day] = utc ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()] : [date.getFullYear(), date.getMonth(), date.getDate()];
  const [hours, minutes, seconds] = utc
    ? [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getHours(), date.getMinutes(), date.getSeconds()];
  const millis = pad(utc ? date.getUTCMilliseconds() : date.getMilliseconds(), 3);
  return `${year}-${pad(month + 1)}-${pad(day)} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${millis}${utc ? 'Z' : ''}`;
}

/** How many characters `formatTime` writes, and a separating space: for the wrapped rows' heights. */
export const TIME_WIDTH: Record<TimeZone, number> = { local: 24, utc: 25 };

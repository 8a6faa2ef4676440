import { create } from '@bufbuild/protobuf';
import { TimestampSchema, type Timestamp } from '@bufbuild/protobuf/wkt';
import { floorDivide } from './timestamp-nanos';

// Timestamps stay exact to the nanosecond: seconds are a bigint and dates are computed from whole days. A JS
// Date holds milliseconds and would drop the last six digits. The one RFC3339 module of every part of applogs.

const SECONDS_PER_DAY = 86_400n;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** `YYYY-MM-DDTHH:MM:SS` of a second since the epoch, UTC. */
export function formatWholeSecond(seconds: bigint): string {
  const [days, secondOfDay] = floorDivide(seconds, SECONDS_PER_DAY);
  const { year, month, day } = civilFromDays(Number(days));
  const s = Number(secondOfDay);
  const yyyy = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : String(year);
  return `${yyyy}-${two(month)}-${two(day)}T${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/** RFC3339 in UTC with exactly 9 fraction digits, e.g. `2026-11-25T10:00:00.123456789Z`. */
export function formatRfc3339Nano(timestamp: Pick<Timestamp, 'seconds' | 'nanos'>): string {
  return `${formatWholeSecond(timestamp.seconds)}.${String(timestamp.nanos).padStart(9, '0')}Z`;
}

/**
 * Formats many timestamps cheaply: lines come in bursts within one second, so the date part is rendered once
 * per second and only the fraction per line.
 */
export class Rfc3339Formatter {
  private seconds: bigint | undefined;
  private prefix = '';

  format(timestamp: Pick<Timestamp, 'seconds' | 'nanos'>): string {
    if (timestamp.seconds !== this.seconds) {
      this.seconds = timestamp.seconds;
      this.prefix = `${formatWholeSecond(timestamp.seconds)}.`;
    }
    return `${this.prefix}${String(timestamp.nanos).padStart(9, '0')}Z`;
  }
}

/**
 * Parses an RFC3339 time (`2026-11-25T10:00:00Z`, `2026-11-25T12:00:00.5+02:00`, up to 9 fraction digits)
 * exactly; undefined when `text` is not one, or names a day or time that does not exist.
 */
export function parseRfc3339(text: string): Timestamp | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  if (!match[8]) {
    const [offsetHours, offsetMinutes] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    offsetSeconds = (match[9] === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  }
  const seconds = BigInt(daysFromCivil(year, month, day)) * SECONDS_PER_DAY + BigInt(hour * 3600 + minute * 60 + second - offsetSeconds);
  return create(TimestampSchema, { seconds, nanos: Number((match[7] ?? '').padEnd(9, '0')) });
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian), exact for any year.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

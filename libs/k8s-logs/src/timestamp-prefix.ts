const SPACE = 0x20;
const ZERO = 0x30;
/** `2026-11-25T10:00:00` */
const DATE_TIME_LENGTH = 19;
/** The longest prefix read: `2026-11-25T10:00:00.123456789+01:00 `. */
export const MAX_TIMESTAMP_PREFIX_BYTES = DATE_TIME_LENGTH + 10 + 6 + 1;

/**
 * Reads the kubelet's RFC3339Nano timestamp prefix (`2026-11-25T10:00:00.123456789Z message`) straight from
 * the bytes: every line of a busy log starts with the same date and time to the second, so that part is
 * parsed once and cached, and only the fraction is read per line. The result is left in `seconds`, `nanos`
 * and `messageStart` to avoid an object per line.
 */
export class TimestampPrefix {
  seconds = 0;
  nanos = 0;
  messageStart = 0;
  private cachedDateTime = Buffer.alloc(DATE_TIME_LENGTH);
  private cachedSeconds = Number.NaN;

  /** True when the line starts with a valid timestamp and a space; false leaves the fields undefined. */
  read(line: Buffer, start: number, end: number): boolean {
    if (end - start < DATE_TIME_LENGTH + 1) return false;
    const seconds = this.dateTimeSeconds(line, start);
    if (Number.isNaN(seconds)) return false;

    // Scanned byte by byte rather than with indexOf: the prefix is short and its shape is known.
    let at = start + DATE_TIME_LENGTH;
    let nanos = 0;
    if (line[at] === 0x2e /* . */) {
      let digits = 0;
      at += 1;
      while (at < end && isDigit(line[at]) && digits < 9) {
        nanos = nanos * 10 + (line[at] - ZERO);
        digits += 1;
        at += 1;
      }
      if (digits === 0 || isDigit(line[at])) return false;
      for (; digits < 9; digits += 1) nanos *= 10;
    }
    const zoneEnd = line[at] === 0x5a /* Z */ ? at + 1 : at + 6;
    if (zoneEnd > end || (zoneEnd < end && line[zoneEnd] !== SPACE)) return false;
    const offset = zoneOffsetSeconds(line, at, zoneEnd);
    if (Number.isNaN(offset)) return false;

    this.seconds = seconds - offset;
    this.nanos = nanos;
    this.messageStart = zoneEnd === end ? end : zoneEnd + 1;
    return true;
  }

  private dateTimeSeconds(line: Buffer, start: number): number {
    if (this.sameDateTime(line, start)) return this.cachedSeconds;
    const seconds = parseDateTime(line, start);
    if (!Number.isNaN(seconds)) {
      line.copy(this.cachedDateTime, 0, start, start + DATE_TIME_LENGTH);
      this.cachedSeconds = seconds;
    }
    return seconds;
  }

  /** A plain loop: cheaper than Buffer.compare's native call for 19 bytes, once per line. */
  private sameDateTime(line: Buffer, start: number): boolean {
    const cached = this.cachedDateTime;
    for (let i = DATE_TIME_LENGTH - 1; i >= 0; i -= 1) {
      if (line[start + i] !== cached[i]) return false;
    }
    return true;
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= ZERO && byte <= ZERO + 9;
}

function digits(line: Buffer, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    if (!isDigit(line[i])) return Number.NaN;
    value = value * 10 + (line[i] - ZERO);
  }
  return value;
}

/** Seconds since the epoch of `YYYY-MM-DDThh:mm:ss` (taken as UTC), or NaN. */
function parseDateTime(line: Buffer, at: number): number {
  if (line[at + 4] !== 0x2d || line[at + 7] !== 0x2d || line[at + 10] !== 0x54 || line[at + 13] !== 0x3a || line[at + 16] !== 0x3a) {
    return Number.NaN;
  }
  const [year, month, day, hour, minute, second] = [
    digits(line, at, 4),
    digits(line, at + 5, 2),
    digits(line, at + 8, 2),
    digits(line, at + 11, 2),
    digits(line, at + 14, 2),
    digits(line, at + 17, 2),
  ];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 60)) {
    return Number.NaN;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** `Z` is 0; `+hh:mm` / `-hh:mm` is that many seconds east of UTC; anything else is NaN. */
function zoneOffsetSeconds(line: Buffer, at: number, end: number): number {
  if (end - at === 1 && line[at] === 0x5a /* Z */) return 0;
  if (end - at !== 6 || line[at + 3] !== 0x3a) return Number.NaN;
  const sign = line[at] === 0x2b ? 1 : line[at] === 0x2d ? -1 : 0;
  const hours = digits(line, at + 1, 2);
  const minutes = digits(line, at + 4, 2);
  if (sign === 0 || !(hours <= 23 && minutes <= 59)) return Number.NaN;
  return sign * (hours * 3600 + minutes * 60);
}

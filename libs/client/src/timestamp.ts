import { formatRfc3339Nano as formatRfc3339, parseRfc3339 as parseRfc3339Exact, type Timestamp } from '@applogs/proto';

// Log timestamps are exact to the nanosecond. A JS Date holds milliseconds and would drop the last six
// digits, so nothing here goes through Date: seconds are a bigint and dates are computed from whole days.

/** A google.protobuf.Timestamp as this client hands it over: seconds since the epoch and 0 ≤ nanos < 1e9. */
export interface LogTimestamp {
  seconds: bigint;
  nanos: number;
}

/** From the wire shape (seconds as an int64 decimal string, PROTO_LOADER_OPTIONS). */
export function fromProtoTimestamp(timestamp: Timestamp): LogTimestamp {
  return { seconds: BigInt(timestamp.seconds), nanos: timestamp.nanos ?? 0 };
}

/** To the wire shape proto-loader encodes. */
export function toProtoTimestamp(timestamp: LogTimestamp): Timestamp {
  return { seconds: timestamp.seconds.toString(), nanos: timestamp.nanos };
}

/** RFC3339 in UTC with exactly 9 fraction digits, e.g. `2030-01-02T03:04:05.123456789Z`. */
export function formatRfc3339Nano(timestamp: LogTimestamp): string {
  return formatRfc3339(timestamp.seconds, timestamp.nanos);
}

/** Parses an RFC3339 time exactly; undefined when `text` is not one or names a day that does not exist. */
export function parseRfc3339(text: string): LogTimestamp | undefined {
  return parseRfc3339Exact(text);
}

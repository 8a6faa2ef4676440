import { create } from '@bufbuild/protobuf';
import { TimestampSchema, type Timestamp } from '@bufbuild/protobuf/wkt';

const NANOS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds since the epoch, for comparing and ordering timestamps exactly. */
export function nanosOf(timestamp: Pick<Timestamp, 'seconds' | 'nanos'>): bigint {
  return timestamp.seconds * NANOS_PER_SECOND + BigInt(timestamp.nanos);
}

/** The Timestamp of a nanosecond count; nanos stay in [0, 1e9) also before the epoch, as the proto requires. */
export function timestampOfNanos(nanos: bigint): Timestamp {
  const [seconds, rest] = floorDivide(nanos, NANOS_PER_SECOND);
  return create(TimestampSchema, { seconds, nanos: Number(rest) });
}

/** Quotient rounded down and a remainder in [0, divisor): what BigInt's `/` and `%` give only for positives. */
export function floorDivide(value: bigint, divisor: bigint): [quotient: bigint, remainder: bigint] {
  const remainder = value % divisor;
  return remainder < 0n ? [value / divisor - 1n, remainder + divisor] : [value / divisor, remainder];
}

import { create } from '@bufbuild/protobuf';
import { TimestampSchema, type Timestamp } from '@bufbuild/protobuf/wkt';

const NANOS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds since the epoch, for comparing and ordering timestamps exactly. */
export function nanosOf(timestamp: Pick<Timestamp, 'seconds' | 'nanos'>): bigint {
  return timestamp.seconds * NANOS_PER_SECOND + BigInt(timestamp.nanos);
}

/** The Timestamp of a nanosecond count; nanos stay in [0, 1e9) also before the epoch, as the proto requires. */
export function timestampOfNanos(nanos: bigint): Timestamp {
  let seconds = nanos / NANOS_PER_SECOND;
  let rest = nanos % NANOS_PER_SECOND;
  if (rest < 0n) {
    seconds -= 1n;
    rest += NANOS_PER_SECOND;
  }
  return create(TimestampSchema, { seconds, nanos: Number(rest) });
}

import { nanosOf, timestampOfNanos, type Timestamp } from '@applogs/proto';

/** Where a replica's printed output ends: its latest timestamp and the messages printed at exactly it. */
interface Position {
  last: bigint;
  /** Message → how many times it was printed at `last` (a multiset: a line may genuinely repeat). */
  atLast: Map<string, number>;
}

/**
 * Lets a broken TailLogs stream be resumed without printing a line twice or losing one.
 *
 * Per replica it remembers where printed output ends. When the stream breaks, `resume()` snapshots those
 * positions and says where to ask again from: the earliest of them, since one request covers every replica.
 * The new stream then repeats, per replica, lines already printed; `accept` drops those (timestamp before the
 * snapshot, or equal to it with a message printed at it, each match used once so a genuine repeat still
 * prints) and keeps the rest. Timestamps alone cannot tell lines apart (many share a second, or even a
 * nanosecond when a clock is coarse), hence the messages. A replica with no snapshot (seen first after the
 * break) prints everything.
 *
 * A replica the call listed (`listed`) that printed nothing has no position of its own: asking it from the
 * others' time would lose its lines before that time (its tail). Then `resume()` says to repeat the original
 * request (its tail or since), which reads every replica from where the first call did: the quiet one gets
 * exactly what the first call would have given it, and the others' lines up to their snapshots are dropped
 * here, so they are neither lost (their snapshot lies within the original window) nor printed twice. The cost
 * is the history sent again; one request for every replica cannot ask each from its own place.
 *
 * Pure: no I/O, no clock; the tail command feeds it lines in the order the server sends them.
 */
export class ResumeCursor {
  private readonly printed = new Map<string, Position>();
  /** The replicas the call said it tails, from its latest replica list. */
  private replicas: readonly string[] = [];
  /** Per replica, what the current stream will repeat; gone once the stream is past it. */
  private skip = new Map<string, Position>();

  /**
   * Whether a line of `replica` is new, i.e. to be printed; if so it is recorded as printed. A line without
   * a timestamp cannot be placed and is always printed.
   */
  accept(replica: string, timestamp: Timestamp | undefined, message: string): boolean {
    if (!timestamp) return true;
    const at = nanosOf(timestamp);
    const skip = this.skip.get(replica);
    if (skip) {
      if (at < skip.last) return false;
      if (at === skip.last) {
        const count = skip.atLast.get(message) ?? 0;
        if (count > 0) {
          if (count === 1) skip.atLast.delete(message);
          else skip.atLast.set(message, count - 1);
          return false;
        }
      } else {
        // Past the snapshot: nothing further of this replica can be a repeat.
        this.skip.delete(replica);
      }
    }
    this.record(replica, at, message);
    return true;
  }

  /** The replicas the call tails now (each replica list the server sends). */
  listed(replicas: readonly string[]): void {
    this.replicas = replicas;
  }

  /**
   * The stream broke: returns the `since_time` to ask again from (the earliest position printed across
   * replicas), or undefined to repeat the original request as it was: when nothing was printed yet, or when a
   * listed replica printed nothing (see the class comment).
   */
  resume(): Timestamp | undefined {
    this.skip = new Map([...this.printed].map(([replica, position]) => [replica, { last: position.last, atLast: new Map(position.atLast) }]));
    if (this.replicas.some((replica) => !this.printed.has(replica))) return undefined;
    let earliest: bigint | undefined;
    for (const { last } of this.printed.values()) if (earliest === undefined || last < earliest) earliest = last;
    return earliest === undefined ? undefined : timestampOfNanos(earliest);
  }

  private record(replica: string, at: bigint, message: string): void {
    const position = this.printed.get(replica);
    if (!position || at > position.last) {
      this.printed.set(replica, { last: at, atLast: new Map([[message, 1]]) });
    } else if (at === position.last) {
      position.atLast.set(message, (position.atLast.get(message) ?? 0) + 1);
    }
    // An older line than one already printed (a clock step in the pod) moves nothing: the position stays at
    // the latest line, which is what a resumed stream is compared against.
  }
}

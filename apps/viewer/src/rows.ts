import { eventWords, replicaColour, shortPodName, type LinesEvent, type ReplicaChangeEvent } from '@applogs/client';
import { ReplicaEvent_Kind, type Timestamp } from '@applogs/proto';

/**
 * One row of the timeline: a log line of a replica, a replica event (joined, left, restarted, …) or a notice of the
 * viewer's own (reconnecting, reconnected). Made once when it arrives, so rendering a row formats nothing but time.
 */
export interface Row {
  kind: 'line' | 'event' | 'notice';
  /** The replica's pod name; '' for a notice. */
  pod: string;
  /** What people read for the replica: the short name the server sent, or the same shortening. */
  label: string;
  /** The replica's colour, as the stylesheet names it (`c-<name>`), the CLI's palette. */
  colour: string;
  text: string;
  /** Lines only: when Kubernetes recorded it, and the same as RFC3339 with nanoseconds. */
  timestamp?: Timestamp;
  rfc3339?: string;
  /** Events: the server's message for people, as it came (the text adds the replica and the verb). */
  detail?: string;
  /** Events: `joined`, `left`, `restarted`, `retrying`, `failed`; notices: `reconnecting`, `reconnected`, `missed`. */
  tag?: string;
}

/** Makes rows, remembering each pod's short name once a line told it (events carry none). */
export class RowMaker {
  private readonly shortNames = new Map<string, string>();

  /** The rows of a lines event, keeping only those `isNew` accepts (the resume cursor). */
  lines(event: LinesEvent, isNew: (pod: string, timestamp: Timestamp | undefined, message: string) => boolean): Row[] {
    const { pod, shortName } = event.replica;
    if (shortName) this.shortNames.set(pod, shortName);
    const label = this.label(pod);
    const colour = replicaColour(pod).name;
    const rows: Row[] = [];
    for (const line of event.lines) {
      if (isNew(pod, line.timestamp, line.message))
        rows.push({ kind: 'line', pod, label, colour, text: line.message, timestamp: line.timestamp, rfc3339: line.rfc3339 });
    }
    return rows;
  }

  event(event: ReplicaChangeEvent): Row {
    const { pod } = event.replica;
    const { mark, verb } = eventWords(event.kind);
    const label = this.label(pod);
    const tag = (ReplicaEvent_Kind[event.kind] ?? 'event').toLowerCase();
    return {
      kind: 'event',
      pod,
      label,
      colour: replicaColour(pod).name,
      text: `${mark} ${label} ${verb}${event.message ? `: ${event.message}` : ''}`,
      detail: event.message,
      tag,
    };
  }

  notice(text: string, tag: string): Row {
    return { kind: 'notice', pod: '', label: '', colour: '', text, tag };
  }

  label(pod: string): string {
    return this.shortNames.get(pod) ?? shortPodName(pod);
  }
}

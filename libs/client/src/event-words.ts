import { ReplicaEvent_Kind } from '@applogs/proto';

/** How a replica event reads wherever it is shown (the CLI's stderr, the viewer's timeline): a mark and a verb. */
export interface EventWords {
  mark: string;
  verb: string;
}

const WORDS: Partial<Record<ReplicaEvent_Kind, EventWords>> = {
  [ReplicaEvent_Kind.JOINED]: { mark: '+', verb: 'joined' },
  [ReplicaEvent_Kind.LEFT]: { mark: '-', verb: 'left' },
  [ReplicaEvent_Kind.RESTARTED]: { mark: '~', verb: 'restarted' },
  [ReplicaEvent_Kind.RETRYING]: { mark: '!', verb: 'retrying' },
  [ReplicaEvent_Kind.FAILED]: { mark: 'x', verb: 'failed' },
  [ReplicaEvent_Kind.SKIPPED]: { mark: '=', verb: 'skipped' },
};

/** A kind added to the proto later reads as its name. */
export function eventWords(kind: ReplicaEvent_Kind): EventWords {
  return WORDS[kind] ?? { mark: '?', verb: (ReplicaEvent_Kind[kind] ?? String(kind)).toLowerCase() };
}

import { ReplicaEvent_Kind, type LogLine as ProtoLogLine, type LogLines, type ReplicaIdentifier, type TailLogsResponse } from '@applogs/proto';
import type { AppLogsEvent, LogLine, ReplicaEventKind, ReplicaRef } from './events';
import type { AppId } from './tail-request';
import { formatRfc3339Nano, fromProtoTimestamp } from './timestamp';

const KINDS: Partial<Record<string, ReplicaEventKind>> = {
  [ReplicaEvent_Kind.JOINED]: 'joined',
  [ReplicaEvent_Kind.LEFT]: 'left',
  [ReplicaEvent_Kind.RESTARTED]: 'restarted',
  [ReplicaEvent_Kind.RETRYING]: 'retrying',
  [ReplicaEvent_Kind.FAILED]: 'failed',
};

/**
 * The events of one TailLogsResponse (as decoded with PROTO_LOADER_OPTIONS). A batch holds lines of several
 * replicas and becomes one `lines` event per replica. What this client does not know is skipped rather than
 * guessed at, so a newer server stays compatible: the deprecated `log_lines` arm (no replica id; our server
 * never sends it) and replica events of a kind added later.
 *
 * `app` (the call's target app) stands in for a replica id the server sent without its app.
 */
export function toEvents(response: TailLogsResponse, app: AppId): AppLogsEvent[] {
  if (response.replicas) return [{ type: 'replicas', replicas: response.replicas.replicas.map((id) => toReplicaRef(id, app)) }];
  if (response.batches) return response.batches.logs.map((logs) => toLinesEvent(logs, app));
  if (response.replica_event) {
    const kind = KINDS[response.replica_event.kind];
    if (!kind) return [];
    return [{ type: 'replica-event', kind, replica: toReplicaRef(response.replica_event.replica, app), message: response.replica_event.message }];
  }
  return [];
}

export function toLogLine(line: ProtoLogLine): LogLine {
  const timestamp = line.timestamp ? fromProtoTimestamp(line.timestamp) : undefined;
  return { timestamp, rfc3339: timestamp && formatRfc3339Nano(timestamp), message: line.message };
}

function toLinesEvent(logs: LogLines, app: AppId): AppLogsEvent {
  const replica = toReplicaRef(logs.replica_id, app);
  // Every line of a replica carries the same short name; the replica is where it belongs.
  const shortName = logs.structured_lines.find((line) => line.short_pod_name)?.short_pod_name;
  return { type: 'lines', replica: shortName ? { ...replica, shortName } : replica, lines: logs.structured_lines.map(toLogLine) };
}

function toReplicaRef(id: ReplicaIdentifier | null | undefined, app: AppId): ReplicaRef {
  return { pod: id?.name ?? '', app: id?.app_id ? toAppId(id.app_id) : app };
}

/** The org is left out when empty, as a caller leaves it out of the target. */
function toAppId(id: NonNullable<ReplicaIdentifier['app_id']>): AppId {
  const app: AppId = { project: id.project, domain: id.domain, name: id.name };
  if (id.org) app.org = id.org;
  return app;
}

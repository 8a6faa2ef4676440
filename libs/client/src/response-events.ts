import {
  ReplicaEvent_Kind,
  Rfc3339Formatter,
  type Identifier,
  type LogLine as ProtoLogLine,
  type LogLines,
  type ReplicaIdentifier,
  type TailLogsResponse,
} from '@applogs/proto';
import type { AppLogsEvent, LogLine, ReplicaRef } from './events';
import type { AppId } from './tail-request';

/**
 * The events of one TailLogsResponse. A batch holds lines of several replicas and becomes one `lines` event
 * per replica. What this client does not know is skipped rather than guessed at, so a newer server stays
 * compatible: the deprecated `log_lines` arm (no replica id; our server never sends it) and replica events of a
 * kind added later.
 *
 * `app` (the call's target app) stands in for a replica id the server sent without its app.
 */
export function toEvents(response: TailLogsResponse, app: AppId): AppLogsEvent[] {
  const { resp } = response;
  switch (resp.case) {
    case 'replicas':
      return [{ type: 'replicas', replicas: resp.value.replicas.map((id) => toReplicaRef(id, app)) }];
    case 'batches':
      return resp.value.logs.map((logs) => toLinesEvent(logs, app));
    case 'replicaEvent': {
      const { kind, replica, message } = resp.value;
      if (!(kind in ReplicaEvent_Kind) || kind === ReplicaEvent_Kind.KIND_UNSPECIFIED) return [];
      return [{ type: 'replica-event', kind, replica: toReplicaRef(replica, app), message }];
    }
    default:
      return [];
  }
}

function toLogLine(line: ProtoLogLine, rfc3339: Rfc3339Formatter): LogLine {
  const { timestamp } = line;
  return { timestamp, rfc3339: timestamp && rfc3339.format(timestamp), message: line.message };
}

function toLinesEvent(logs: LogLines, app: AppId): AppLogsEvent {
  const replica = toReplicaRef(logs.replicaId, app);
  // Every line of a replica carries the same short name; the replica is where it belongs.
  const shortName = logs.structuredLines.find((line) => line.shortPodName)?.shortPodName;
  // A replica's lines come in bursts within a second: the date part is formatted once per second, not per line.
  const rfc3339 = new Rfc3339Formatter();
  return { type: 'lines', replica: shortName ? { ...replica, shortName } : replica, lines: logs.structuredLines.map((line) => toLogLine(line, rfc3339)) };
}

function toReplicaRef(id: ReplicaIdentifier | undefined, app: AppId): ReplicaRef {
  return { pod: id?.name ?? '', app: id?.appId ? toAppId(id.appId) : app };
}

/** The org is left out when empty, as a caller leaves it out of the target. */
function toAppId(id: Identifier): AppId {
  const app: AppId = { project: id.project, domain: id.domain, name: id.name };
  if (id.org) app.org = id.org;
  return app;
}

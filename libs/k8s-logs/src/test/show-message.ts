import { decodeTailLogsResponse, type TailLogsMessage } from '@applogs/proto';

/** A message as a short text: the lines of a batch, or the event's kind. */
export function show(message: TailLogsMessage): string {
  if (!Buffer.isBuffer(message)) {
    if (message.replicas) return `replicas ${message.replicas.replicas.map((r) => r.name).join(',')}`;
    return `${message.replica_event!.kind}: ${message.replica_event!.message}`;
  }
  return decodeTailLogsResponse(message).batches!.logs.flatMap((l) => l.structured_lines.map((s) => s.message)).join(',');
}

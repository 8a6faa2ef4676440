import { fromBinary, ReplicaEvent_Kind, TailLogsResponseSchema, type TailLogsMessage } from '@applogs/proto';

/** A message as a short text: the lines of a batch, the replica list, or the event's kind and message. */
export function show(message: TailLogsMessage): string {
  const { resp } = Buffer.isBuffer(message) ? fromBinary(TailLogsResponseSchema, message) : message;
  switch (resp.case) {
    case 'batches':
      return resp.value.logs.flatMap((l) => l.structuredLines.map((s) => s.message)).join(',');
    case 'replicas':
      return `replicas ${resp.value.replicas.map((r) => r.name).join(',')}`;
    case 'replicaEvent':
      return `${ReplicaEvent_Kind[resp.value.kind]}: ${resp.value.message}`;
    default:
      throw new Error(`unexpected response ${resp.case}`);
  }
}

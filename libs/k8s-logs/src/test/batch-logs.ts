import { fromBinary, TailLogsResponseSchema, type LogLines } from '@applogs/proto';

/** The LogLines of an encoded TailLogsResponse, which must be a batch (the encoder writes nothing else). */
export function logsOf(bytes: Uint8Array): LogLines[] {
  const { resp } = fromBinary(TailLogsResponseSchema, bytes);
  if (resp.case !== 'batches') throw new Error(`expected a batch, got ${resp.case ?? 'an empty response'}`);
  return resp.value.logs;
}

import type { TailLogsResponse } from './gen/flyteidl2/app/app_logs_payload_pb';

/**
 * A TailLogs response either as a message, or already encoded (by the data plane's line encoder, or as
 * received by the control plane, which relays responses without decoding them).
 */
export type TailLogsMessage = TailLogsResponse | EncodedTailLogsResponse;

/** A response encoded by the data plane, which knows how many log lines it holds (for metrics and logs). */
export type EncodedTailLogsResponse = Buffer & { lineCount?: number };

/** The first byte of an encoded TailLogsResponse whose `resp` is `batches` (field 3, length-delimited). */
export const BATCHES_TAG = 0x1a;

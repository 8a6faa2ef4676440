import type { Identifier } from './generated/flyteidl2/app/app_definition';
import type { TailLogsRequest as GeneratedTailLogsRequest } from './generated/flyteidl2/app/app_logs_payload';

/**
 * TailLogsRequest as proto-loader hands it over. ts-proto types google.protobuf wrapper fields as bare values
 * (`tail_lines?: number`), but proto-loader (like every other protobuf runtime) keeps them as messages,
 * `{ value }`. This is the one place that corrects the generated type; everything else comes from the proto.
 */
export type TailLogsRequest = Omit<GeneratedTailLogsRequest, 'tail_lines' | 'follow'> & {
  tail_lines?: { value: number } | null;
  follow?: { value: boolean } | null;
};

/** The app a request is about, whether it names the app or one of its replicas. */
export function targetAppId(request: Pick<TailLogsRequest, 'app_id' | 'replica_id'>): Identifier | undefined {
  return request.replica_id?.app_id ?? request.app_id ?? undefined;
}

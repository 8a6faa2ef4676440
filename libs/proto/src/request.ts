import type { Identifier } from './gen/flyteidl2/app/app_definition_pb';
import type { TailLogsRequest } from './gen/flyteidl2/app/app_logs_payload_pb';

/** The app a request is about, whether it names the app or one of its replicas. */
export function targetAppId(request: Pick<TailLogsRequest, 'target'>): Identifier | undefined {
  const { target } = request;
  return target.case === 'appId' ? target.value : target.value?.appId;
}

export * from './loader-options';
export * from './generated/flyteidl2/app/app_definition';
export {
  ReplicaEvent_Kind,
  type LogLines,
  type LogLinesBatch,
  type ReplicaEvent,
  type ReplicaIdentifierList,
  type TailLogsResponse,
} from './generated/flyteidl2/app/app_logs_payload';
export { targetAppId, type TailLogsRequest } from './request';
export * from './generated/flyteidl2/app/app_logs_service';
export {
  LogLineOriginator,
  LogLineSource,
  LogsSource,
  type LogLine,
  type LogLines as DeprecatedLogLines,
} from './generated/flyteidl2/logs/dataplane/payload';
export type { Timestamp } from './generated/google/protobuf/timestamp';
export * from './wire';
export { formatRfc3339Nano, formatWholeSecond, parseRfc3339 } from './rfc3339';

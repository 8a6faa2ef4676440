export * from './loader-options';
export * from './generated/flyteidl2/app/app_definition';
export * from './generated/flyteidl2/app/app_logs_payload';
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

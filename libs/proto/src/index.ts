// The wire contract: protobuf-es types and descriptors generated from ../proto (the only source of message
// types), and the few helpers every side of it shares. Nothing here needs Node or a framework, so a browser
// bundle can use it too.
export * from './gen/flyteidl2/app/app_definition_pb';
export * from './gen/flyteidl2/app/app_logs_payload_pb';
export * from './gen/flyteidl2/app/app_logs_service_pb';
export { LogLineOriginator, LogLineSchema, LogLineSource, LogsSource, type LogLine } from './gen/flyteidl2/logs/dataplane/payload_pb';
export { Code } from './gen/google/rpc/code_pb';
export * from './gen/grpc/health/v1/health_pb';
export * as reflectionV1 from './gen/grpc/reflection/v1/reflection_pb';
export * as reflectionV1Alpha from './gen/grpc/reflection/v1alpha/reflection_pb';
export { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
export { DurationSchema, TimestampSchema, type Duration, type Timestamp } from '@bufbuild/protobuf/wkt';
export { grpcPackageDefinition, grpcServiceDefinition } from './grpc-service';
export { targetAppId } from './request';
export { BATCHES_TAG, type EncodedTailLogsResponse, type TailLogsMessage } from './wire';
export { Rfc3339Formatter, formatRfc3339Nano, formatWholeSecond, parseRfc3339 } from './rfc3339';
export { nanosOf, timestampOfNanos } from './timestamp-nanos';

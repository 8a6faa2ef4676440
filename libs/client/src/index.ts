// What every caller of TailLogs does, whatever carries the call (grpc-js in Node, connect-web in a browser):
// build the request, read the responses as events, resume a broken stream without loss or repetition, decide
// when to reconnect, colour replicas. Framework-free and transport-free, so a browser bundle can use it.
export { parseDurationNanos } from './duration';
export { AppLogsClientError, invalidArgument } from './errors';
export { eventWords, type EventWords } from './event-words';
export type { AppLogsEvent, LinesEvent, LogLine, ReplicaChangeEvent, ReplicaRef, ReplicasEvent } from './events';
export { DEFAULT_RECONNECT_POLICY, isRetryable, reconnectDelay, type ReconnectPolicy } from './reconnect-policy';
export { REPLICA_COLOURS, replicaColour, type ReplicaColour } from './replica-colour';
export { toEvents } from './response-events';
export { ResumableTail, type AfterEnd, type ResumableTailOptions, type TailNotice } from './resumable-tail';
export { ResumeCursor } from './resume-cursor';
export { shortPodName } from './short-pod-name';
export { targetApp, tailLogsRequest, type AppId, type TailOptions, type TailTarget } from './tail-request';

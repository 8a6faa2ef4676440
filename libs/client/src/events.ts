import type { ReplicaEvent_Kind, Timestamp } from '@applogs/proto';
import type { AppId } from './tail-request';

/** A replica (pod) of the app being tailed. */
export interface ReplicaRef {
  pod: string;
  /** The short pod name the server puts on log lines; only known on `lines` events. */
  shortName?: string;
  app: AppId;
}

export interface LogLine {
  /** When Kubernetes recorded the line, to the nanosecond; undefined if the server sent none. */
  timestamp: Timestamp | undefined;
  /** `timestamp` as RFC3339 UTC with 9 fraction digits, computed exactly (no Date). */
  rfc3339: string | undefined;
  message: string;
}

/** The replicas being tailed: first, and again after every change (with a `replica-event` before it). */
export interface ReplicasEvent {
  type: 'replicas';
  replicas: ReplicaRef[];
}

/** Lines of one replica, in the order it wrote them (sent as soon as Kubernetes delivers them). */
export interface LinesEvent {
  type: 'lines';
  replica: ReplicaRef;
  lines: LogLine[];
}

/** What happened to a replica during the call (`ReplicaEvent_Kind.JOINED`, `LEFT`, …); `message` is for people. */
export interface ReplicaChangeEvent {
  type: 'replica-event';
  kind: ReplicaEvent_Kind;
  replica: ReplicaRef;
  message: string;
}

export type AppLogsEvent = ReplicasEvent | LinesEvent | ReplicaChangeEvent;

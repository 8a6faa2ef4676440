/** Style of generated log text: 'plain' is the exact `${pod}/${container} line ${i}` tests assert on; 'app' looks like a real service log. */
export type LineStyle = 'plain' | 'app';

/** How a container ends its lines: `\n`, or `\r\n` as a Windows program or a raw terminal writes them. */
export type LineEnding = 'lf' | 'crlf';

export interface ContainerSpec {
  name: string;
  state?: 'running' | 'waiting' | 'terminated';
  waitingReason?: string;
  history?: number;
  ratePerSecond?: number;
  lineStyle?: LineStyle;
  /** Generated lines (history and rate) padded, or cut, to exactly this many bytes of text, e.g. 5 MiB. */
  lineBytes?: number;
  lineEnding?: LineEnding;
  /**
   * A producer writing as fast as it can: after its history, each follow reader gets an endless
   * log generated as fast as it reads (lines are not stored; ratePerSecond is ignored).
   * `'no-newlines'`: that log is a single line that never ends (see EndlessLine).
   */
  flood?: boolean | 'no-newlines';
}

export interface PodSpec {
  name: string;
  labels?: Record<string, string>;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** false: a Pending pod no node was chosen for yet (no spec.nodeName); its log requests answer 204. */
  scheduled?: boolean;
  containers: ContainerSpec[];
}

export interface KnativeServiceSpec {
  name: string;
  latestReadyRevisionName?: string;
}

/** Convenience: an app deployed as a Knative service; expands to `replicas` pods named `${revision}-deployment-<5 chars>-<5 chars>`. */
export interface KnativeAppSpec {
  service: string;
  replicas: number;
  revision?: string;
  userContainer?: string;
  sidecar?: boolean;
  history?: number;
  ratePerSecond?: number;
  createKnativeService?: boolean;
  lineStyle?: LineStyle;
  namespace?: string;
  /** Makes the user container a flood container; the queue-proxy sidecar stays normal. */
  flood?: boolean | 'no-newlines';
  /** The user container's generated lines are this many bytes (see ContainerSpec). */
  lineBytes?: number;
  /** Of both containers. */
  lineEnding?: LineEnding;
}

/** One scheduled change: `action` and the other fields are exactly a POST /kube-sim/control body. */
export interface TimelineStep {
  /** Milliseconds after the sim started listening. */
  atMs: number;
  action: string;
  [arg: string]: unknown;
}

export interface Scenario {
  namespace?: string;
  pods?: PodSpec[];
  knativeServices?: KnativeServiceSpec[];
  apps?: KnativeAppSpec[];
  /** Default for every container that does not set its own. */
  lineStyle?: LineStyle;
  /** Changes to make while running (scale, restart, rollout, faults), in atMs order. */
  timeline?: TimelineStep[];
}

export interface LogRequestRecord {
  namespace: string;
  pod: string;
  container?: string;
  query: Record<string, string>;
  /** The client's TCP port: requests that share it came over one kept-alive connection. */
  clientPort?: number;
}

export interface WatchRequestRecord {
  /** undefined for a watch of every namespace. */
  namespace?: string;
  query: Record<string, string>;
  /** When the sim handled it, `performance.now()` of the sim's process. */
  atMs: number;
}

export interface AppendedLine {
  timestamp: string;
  text: string;
}
